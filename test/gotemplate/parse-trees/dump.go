// Command dump prints the parse trees Go's text/template/parse builds, as JSON in the shape of
// src/gotemplate/nodes.ts, for parse-trees.test.ts. It reads the cases (cases.json: name,
// template, optional delims and comments flag) and writes expected.json:
//
//	cd test/gotemplate/parse-trees && /usr/lib/go-1.19/bin/go run dump.go < cases.json > expected.json
//
// Positions are Go's byte offsets; the cases are ASCII, so they are also UTF-16 offsets.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"text/template/parse"
)

type tcase struct {
	Name     string    `json:"name"`
	Template string    `json:"template"`
	Delims   [2]string `json:"delims"`
	Comments bool      `json:"comments"`
}

type obj = map[string]any

func node(n parse.Node) any {
	if n == nil {
		return nil
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		nodes := []any{}
		for _, c := range n.Nodes {
			nodes = append(nodes, node(c))
		}
		return obj{"type": "list", "pos": n.Pos, "nodes": nodes}
	case *parse.TextNode:
		return obj{"type": "text", "pos": n.Pos, "text": string(n.Text)}
	case *parse.CommentNode:
		return obj{"type": "comment", "pos": n.Pos, "text": n.Text}
	case *parse.ActionNode:
		return obj{"type": "action", "pos": n.Pos, "pipe": node(n.Pipe)}
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		decl := []any{}
		for _, d := range n.Decl {
			decl = append(decl, node(d))
		}
		cmds := []any{}
		for _, c := range n.Cmds {
			cmds = append(cmds, node(c))
		}
		return obj{"type": "pipe", "pos": n.Pos, "isAssign": n.IsAssign, "decl": decl, "cmds": cmds}
	case *parse.CommandNode:
		args := []any{}
		for _, a := range n.Args {
			args = append(args, node(a))
		}
		return obj{"type": "command", "pos": n.Pos, "args": args}
	case *parse.IdentifierNode:
		return obj{"type": "identifier", "pos": n.Pos, "ident": n.Ident}
	case *parse.VariableNode:
		return obj{"type": "variable", "pos": n.Pos, "ident": n.Ident}
	case *parse.DotNode:
		return obj{"type": "dot", "pos": n.Pos}
	case *parse.NilNode:
		return obj{"type": "nil", "pos": n.Pos}
	case *parse.FieldNode:
		return obj{"type": "field", "pos": n.Pos, "ident": n.Ident}
	case *parse.ChainNode:
		return obj{"type": "chain", "pos": n.Pos, "node": node(n.Node), "field": n.Field}
	case *parse.BoolNode:
		return obj{"type": "bool", "pos": n.Pos, "value": n.True}
	case *parse.NumberNode:
		return obj{"type": "number", "pos": n.Pos, "text": n.Text, "isInt": n.IsInt, "isUint": n.IsUint,
			"isFloat": n.IsFloat, "isComplex": n.IsComplex, "int64": strconv.FormatInt(n.Int64, 10),
			"uint64": strconv.FormatUint(n.Uint64, 10), "float64": n.Float64}
	case *parse.StringNode:
		return obj{"type": "string", "pos": n.Pos, "quoted": n.Quoted, "text": n.Text}
	case *parse.IfNode:
		return branch("if", &n.BranchNode)
	case *parse.RangeNode:
		return branch("range", &n.BranchNode)
	case *parse.WithNode:
		return branch("with", &n.BranchNode)
	case *parse.TemplateNode:
		return obj{"type": "template", "pos": n.Pos, "name": n.Name, "pipe": node(n.Pipe)}
	case *parse.BreakNode:
		return obj{"type": "break", "pos": n.Pos}
	case *parse.ContinueNode:
		return obj{"type": "continue", "pos": n.Pos}
	}
	panic(fmt.Sprintf("unknown node %T", n))
}

func branch(kind string, b *parse.BranchNode) any {
	return obj{"type": kind, "pos": b.Pos, "pipe": node(b.Pipe), "list": node(b.List), "elseList": node(b.ElseList)}
}

// Functions the cases may call, builtins included (Parse does not know text/template's).
var funcs = map[string]any{}

func init() {
	for _, name := range []string{"include", "printf", "print", "quote", "upper", "nindent", "dict",
		"list", "default", "toYaml", "and", "or", "not", "eq", "ne", "len", "index", "slice", "lt"} {
		funcs[name] = fmt.Sprint
	}
}

func main() {
	var cases []tcase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := map[string]any{}
	for _, c := range cases {
		t := parse.New(c.Name)
		if c.Comments {
			t.Mode = parse.ParseComments
		}
		treeSet := map[string]*parse.Tree{}
		if _, err := t.Parse(c.Template, c.Delims[0], c.Delims[1], treeSet, funcs); err != nil {
			out[c.Name] = obj{"error": err.Error()}
			continue
		}
		names := []string{}
		for name := range treeSet {
			names = append(names, name)
		}
		sort.Strings(names)
		trees := []any{}
		for _, name := range names {
			trees = append(trees, obj{"name": name, "root": node(treeSet[name].Root)})
		}
		out[c.Name] = obj{"trees": trees}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
