// The expected values of the filepath.Match cases in ../ignore.test.ts (Go 1.19): go run filepath-match.go
package main

import (
	"fmt"
	"path/filepath"
)

func main() {
	cases := [][2]string{{"a[^x]b", "a/b"}, {"a[/]b", "a/b"}, {"[😀-😂]", "😁"}, {"?", "😀"}, {"[a-", "a"}, {"x[", "y"}, {"*[", "ab"}, {"templates/*.yaml", "templates/a.yaml"}, {"a\\", "a"}, {"[]a]", "]"}, {"[é]", "é"}}
	for _, c := range cases {
		m, err := filepath.Match(c[0], c[1])
		fmt.Printf("%q %q %v %v\n", c[0], c[1], m, err)
	}
}
