// Command gotemplate-fixtures computes the expected results of the gotemplate test cases with
// Go's own fmt and text/template. It reads one case file (already converted from YAML to JSON
// by generate.mjs) on stdin and writes the results as JSON on stdout.
//
// Values follow Helm's data model: plain JSON numbers are float64, objects are
// map[string]interface{}, arrays are []interface{}. A one-key object whose key starts with
// "$" makes a typed Go value instead, e.g. {"$int": 3}, {"$strings": ["a"]}, {"$person": {...}}.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/template"
)

type Person struct {
	Name string
	Age  int
	Tags []string
	Boss *Person
	Meta map[string]interface{}
}

func (p *Person) Greet(greeting string) string { return greeting + ", " + p.Name }
func (p *Person) Older(n int) *Person         { return &Person{Name: p.Name, Age: p.Age + n} }
func (p *Person) Fail() (string, error)       { return "", errors.New("person failed") }
func (p *Person) Label() string               { return strings.ToUpper(p.Name) }

type Point struct {
	X int
	Y int
	z int
}

func (p Point) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }

// Version has a String method with a pointer receiver and an unexported field, like Helm's
// KubeVersion; Holder reaches it through a pointer, like .Capabilities.KubeVersion.
type Version struct {
	V string
	n int
}

func (v *Version) String() string { return "v" + v.V }

type Holder struct {
	Ver Version
}

// Files is a named map type with methods, like Helm's .Files.
type Files map[string][]byte

func (f Files) Get(name string) string { return string(f[name]) }
func (f Files) Glob(prefix string) Files {
	out := Files{}
	for k, v := range f {
		if strings.HasPrefix(k, prefix) {
			out[k] = v
		}
	}
	return out
}

// Versions is a named slice type with a method, like Helm's .Capabilities.APIVersions.
type Versions []string

func (v Versions) Has(s string) bool {
	for _, x := range v {
		if x == s {
			return true
		}
	}
	return false
}

func decode(v interface{}) interface{} {
	switch t := v.(type) {
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, e := range t {
			out[i] = decode(e)
		}
		return out
	case map[string]interface{}:
		if len(t) == 1 {
			for k, e := range t {
				if strings.HasPrefix(k, "$") {
					return typed(k[1:], e)
				}
			}
		}
		out := make(map[string]interface{}, len(t))
		for k, e := range t {
			out[k] = decode(e)
		}
		return out
	}
	return v
}

func num(v interface{}) float64 {
	switch t := v.(type) {
	case float64:
		return t
	case string:
		var f float64
		fmt.Sscan(t, &f)
		return f
	}
	panic(fmt.Sprintf("not a number: %v", v))
}

func typed(kind string, v interface{}) interface{} {
	switch kind {
	case "int":
		if s, ok := v.(string); ok {
			var i int
			fmt.Sscan(s, &i)
			return i
		}
		return int(num(v))
	case "int64":
		if s, ok := v.(string); ok {
			var i int64
			fmt.Sscan(s, &i)
			return i
		}
		return int64(num(v))
	case "int32":
		return int32(num(v))
	case "int8":
		return int8(num(v))
	case "uint":
		return uint(num(v))
	case "uint8":
		return uint8(num(v))
	case "uint64":
		if s, ok := v.(string); ok {
			var i uint64
			fmt.Sscan(s, &i)
			return i
		}
		return uint64(num(v))
	case "float32":
		return float32(num(v))
	case "float64":
		if s, ok := v.(string); ok {
			switch s {
			case "+Inf":
				return posInf()
			case "-Inf":
				return -posInf()
			case "NaN":
				z := 0.0
				return z / z
			case "-0":
				z := 0.0
				return -z
			}
		}
		return num(v)
	case "strings":
		arr := v.([]interface{})
		out := make([]string, len(arr))
		for i, e := range arr {
			out[i] = e.(string)
		}
		return out
	case "ints":
		arr := v.([]interface{})
		out := make([]int, len(arr))
		for i, e := range arr {
			out[i] = int(num(e))
		}
		return out
	case "bytes":
		return []byte(v.(string))
	case "nilmap":
		return map[string]interface{}(nil)
	case "nilslice":
		return []interface{}(nil)
	case "person":
		return person(v.(map[string]interface{}))
	case "versions":
		arr := v.([]interface{})
		out := make(Versions, len(arr))
		for i, e := range arr {
			out[i] = e.(string)
		}
		return out
	case "files":
		f := Files{}
		for k, e := range v.(map[string]interface{}) {
			f[k] = []byte(e.(string))
		}
		return f
	case "strmap":
		out := map[string]string{}
		for k, e := range v.(map[string]interface{}) {
			out[k] = e.(string)
		}
		return out
	case "nilstrmap":
		return map[string]string(nil)
	case "nilstrings":
		return []string(nil)
	case "holder":
		return &Holder{Ver: Version{V: v.(string), n: 7}}
	case "point":
		m := v.(map[string]interface{})
		return Point{X: int(num(m["X"])), Y: int(num(m["Y"]))}
	}
	panic("unknown type tag $" + kind)
}

func posInf() float64 {
	z := 0.0
	return 1 / z
}

func person(m map[string]interface{}) *Person {
	p := &Person{}
	if n, ok := m["Name"].(string); ok {
		p.Name = n
	}
	if a, ok := m["Age"]; ok {
		p.Age = int(num(a))
	}
	if t, ok := m["Tags"].([]interface{}); ok {
		for _, e := range t {
			p.Tags = append(p.Tags, e.(string))
		}
	}
	if b, ok := m["Boss"].(map[string]interface{}); ok {
		p.Boss = person(b)
	}
	if mm, ok := m["Meta"].(map[string]interface{}); ok {
		p.Meta = decode(mm).(map[string]interface{})
	}
	return p
}

// funcs is the function map every template case can use; test/gotemplate has the same.
var funcs = template.FuncMap{
	"toInt":   func(v float64) int { return int(v) },
	"toInt64": func(v float64) int64 { return int64(v) },
	"strs":    func(s ...string) []string { return s },
	"upper":   strings.ToUpper,
	"join":    func(sep string, s []string) string { return strings.Join(s, sep) },
	"fail": func(msg string) (string, error) {
		return "", errors.New(msg)
	},
	"errIf": func(b bool) (bool, error) {
		if b {
			return false, errors.New("errIf was true")
		}
		return true, nil
	},
	"variadic": func(prefix string, xs ...int) string { return fmt.Sprint(prefix, xs) },
	"nilmap":   func() map[string]interface{} { return nil },
	"nilslice": func() []interface{} { return nil },
	"version":  func(s string) Version { return Version{V: s, n: 1} },
	"list":     func(xs ...interface{}) []interface{} { return xs },
	"dict": func(kv ...interface{}) map[string]interface{} {
		m := map[string]interface{}{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"person": func(name string, age int) *Person { return &Person{Name: name, Age: age} },
	"point":  func(x, y int) Point { return Point{X: x, Y: y} },
	"typeOf": func(v interface{}) string { return fmt.Sprintf("%T", v) },
	"add":    func(a, b int) int { return a + b },
	"addf":   func(a, b float64) float64 { return a + b },
	"anyArg": func(v interface{}) string { return fmt.Sprintf("%T:%v", v, v) },
	"i64Arg": func(v int64) string { return fmt.Sprintf("%d", v) },
	"boolArg": func(v bool) string { return fmt.Sprint(v) },
	"sliceArg": func(v []interface{}) int { return len(v) },
	"mapArg": func(v map[string]interface{}) int { return len(v) },
	"u32Arg": func(v uint32) string { return fmt.Sprintf("%T:%v", v, v) },
	"i32Arg": func(v int32) string { return fmt.Sprintf("%T:%v", v, v) },
	"f32Arg": func(v float32) string { return fmt.Sprintf("%T:%v", v, v) },
	"intsArg": func(v []int) string { return fmt.Sprintf("%T:%v", v, v) },
	"ints":    func(v ...int) []int { return v },
}

type fmtCase struct {
	Name   string        `json:"name"`
	Format string        `json:"format"`
	Args   []interface{} `json:"args"`
}

type tmplCase struct {
	Name       string      `json:"name"`
	Template   string      `json:"template"`
	Extra      []string    `json:"extra"`
	Data       interface{} `json:"data"`
	Delims     []string    `json:"delims"`
	MissingKey string      `json:"missingkey"`
	Exec       string      `json:"exec"`
}

type result struct {
	Output *string `json:"output,omitempty"`
	Error  *string `json:"error,omitempty"`
}

func runTemplate(c tmplCase) (res result) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("panic: %v", r)
			res = result{Error: &msg}
		}
	}()
	name := c.Name
	t := template.New(name).Funcs(funcs)
	if len(c.Delims) == 2 {
		t.Delims(c.Delims[0], c.Delims[1])
	}
	if c.MissingKey != "" {
		t.Option("missingkey=" + c.MissingKey)
	}
	if _, err := t.Parse(c.Template); err != nil {
		msg := err.Error()
		return result{Error: &msg}
	}
	for i, text := range c.Extra {
		if _, err := t.New(fmt.Sprintf("extra%d", i+1)).Parse(text); err != nil {
			msg := err.Error()
			return result{Error: &msg}
		}
	}
	var buf bytes.Buffer
	var err error
	if c.Exec != "" {
		err = t.ExecuteTemplate(&buf, c.Exec, decode(c.Data))
	} else {
		err = t.Execute(&buf, decode(c.Data))
	}
	if err != nil {
		msg := err.Error()
		return result{Error: &msg}
	}
	out := buf.String()
	return result{Output: &out}
}

func main() {
	var in struct {
		Kind  string            `json:"kind"`
		Cases []json.RawMessage `json:"cases"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	results := map[string]result{}
	for _, raw := range in.Cases {
		switch in.Kind {
		case "fmt":
			var c fmtCase
			if err := json.Unmarshal(raw, &c); err != nil {
				panic(err)
			}
			args := make([]interface{}, len(c.Args))
			for i, a := range c.Args {
				args[i] = decode(a)
			}
			out := fmt.Sprintf(c.Format, args...)
			results[c.Name] = result{Output: &out}
		case "sprint":
			var c fmtCase
			if err := json.Unmarshal(raw, &c); err != nil {
				panic(err)
			}
			args := make([]interface{}, len(c.Args))
			for i, a := range c.Args {
				args[i] = decode(a)
			}
			var out string
			switch c.Format {
			case "sprint":
				out = fmt.Sprint(args...)
			case "sprintln":
				out = fmt.Sprintln(args...)
			}
			results[c.Name] = result{Output: &out}
		case "template":
			var c tmplCase
			if err := json.Unmarshal(raw, &c); err != nil {
				panic(err)
			}
			results[c.Name] = runTemplate(c)
		default:
			panic("unknown kind " + in.Kind)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(results); err != nil {
		panic(err)
	}
}
