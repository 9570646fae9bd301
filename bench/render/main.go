// Renders a chart's templates with Go's own text/template, as Helm's engine does (one set,
// every template parsed, each non-partial executed with missingkey=zero), many times, and
// prints the time per render. Only the standard library: include, quote, nindent, upper and
// dict are defined here with Helm/Sprig's semantics.
//
//	go build -o gorender . && ./gorender <chart dir> <iterations> [outdir]
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"text/template"
	"time"
)

func main() {
	dir := os.Args[1]
	iterations, _ := strconv.Atoi(os.Args[2])
	raw, err := os.ReadFile(filepath.Join(dir, "values.json"))
	if err != nil {
		panic(err)
	}
	var values map[string]interface{}
	if err := json.Unmarshal(raw, &values); err != nil {
		panic(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "templates", "*"))
	sort.Strings(names)
	sources := map[string]string{}
	for _, n := range names {
		b, _ := os.ReadFile(n)
		sources["synthetic/templates/"+filepath.Base(n)] = string(b)
	}
	data := map[string]interface{}{
		"Values":  values,
		"Release": map[string]interface{}{"Name": "release-name", "Namespace": "default", "IsInstall": true, "IsUpgrade": false, "Revision": 1, "Service": "Helm"},
		"Chart":   map[string]interface{}{"Name": "synthetic", "Version": "1.0.0"},
	}
	var out map[string]string
	samples := make([]float64, 0, iterations)
	cpu := make([]float64, 0, iterations)
	for i := 0; i < iterations; i++ {
		c0 := cpuMillis()
		start := time.Now()
		out = render(sources, data)
		samples = append(samples, float64(time.Since(start).Microseconds())/1000)
		cpu = append(cpu, cpuMillis()-c0)
	}
	if len(os.Args) > 3 {
		for name, text := range out {
			p := filepath.Join(os.Args[3], name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(text), 0o644)
		}
	}
	js, _ := json.Marshal(map[string][]float64{"wall": samples, "cpu": cpu})
	fmt.Println(string(js))
}

// cpuMillis is the process's user+system CPU time (every thread, the GC's included).
func cpuMillis() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

func render(sources map[string]string, data map[string]interface{}) map[string]string {
	t := template.New("gotpl").Option("missingkey=zero")
	funcs := template.FuncMap{
		"quote": func(s ...interface{}) string {
			parts := make([]string, 0, len(s))
			for _, v := range s {
				if v != nil {
					parts = append(parts, strconv.Quote(fmt.Sprint(v)))
				}
			}
			return strings.Join(parts, " ")
		},
		"upper":   strings.ToUpper,
		"nindent": func(n int, s string) string { pad := strings.Repeat(" ", n); return "\n" + pad + strings.ReplaceAll(s, "\n", "\n"+pad) },
		"dict": func(kv ...interface{}) map[string]interface{} {
			m := map[string]interface{}{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"include": func(string, interface{}) (string, error) { return "", nil },
	}
	funcs["include"] = func(name string, d interface{}) (string, error) {
		var b strings.Builder
		err := t.ExecuteTemplate(&b, name, d)
		return b.String(), err
	}
	t.Funcs(funcs)
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := t.New(n).Parse(sources[n]); err != nil {
			panic(err)
		}
	}
	out := map[string]string{}
	for _, n := range names {
		if strings.HasPrefix(filepath.Base(n), "_") {
			continue
		}
		var b strings.Builder
		if err := t.ExecuteTemplate(&b, n, data); err != nil {
			panic(err)
		}
		out[n] = strings.ReplaceAll(b.String(), "<no value>", "")
	}
	return out
}
