// The Template set API: how templates join a set, are looked up, cloned and executed, and what
// errors carry. Go-compatibility of the language itself is pinned by the case tables.
import { describe, expect, it } from 'vitest';
import { ExecError, GoFuncError, GoStruct, ParseError, Template, typedSlice } from '../../src/gotemplate/index.js';
import type { FuncMap, GoValue } from '../../src/gotemplate/index.js';

describe('Template set', () => {
  it('adds defined templates to the set and executes them by name', () => {
    const t = new Template('main').parse('{{define "a"}}A{{.}}{{end}}{{define "b"}}B{{end}}main');
    expect(t.templates().map((x) => x.name).sort()).toEqual(['a', 'b', 'main']);
    expect(t.lookup('a')?.execute('x')).toBe('Ax');
    expect(t.executeTemplate('b', null)).toBe('B');
    expect(t.execute(null)).toBe('main');
    expect(t.lookup('nope')).toBeUndefined();
  });

  it('shares one set across files, as Helm parses one template per file', () => {
    const set = new Template('gotpl');
    set.new('chart/templates/_helpers.tpl').parse('{{define "name"}}app-{{.}}{{end}}');
    set.new('chart/templates/cm.yaml').parse('name: {{template "name" .Values.n}}');
    expect(set.executeTemplate('chart/templates/cm.yaml', { Values: { n: 'x' } })).toBe('name: app-x');
  });

  it('lets a later parse redefine a template, but not with an empty body', () => {
    const t = new Template('main').parse('{{template "a"}}');
    t.new('one').parse('{{define "a"}}1{{end}}');
    t.new('two').parse('{{define "a"}}2{{end}}');
    t.new('three').parse('{{define "a"}}  {{end}}');
    expect(t.execute(null)).toBe('2');
  });

  it('refuses two definitions of one template in one parse', () => {
    expect(() => new Template('m').parse('{{define "a"}}1{{end}}{{define "a"}}2{{end}}')).toThrow(
      'template: m:1: template: multiple definition of template "a"',
    );
  });

  it('clones the set: new definitions in the clone leave the original alone', () => {
    const t = new Template('m').parse('{{define "a"}}orig{{end}}{{template "a"}}');
    const c = t.clone();
    c.new('x').parse('{{define "a"}}cloned{{end}}');
    expect(c.execute(null)).toBe('cloned');
    expect(t.execute(null)).toBe('orig');
    expect(c.name).toBe('m');
  });

  it('checks functions at parse time and finds functions added to the set', () => {
    expect(() => new Template('m').parse('{{ shout "x" }}')).toThrow(ParseError);
    const funcs: FuncMap = { shout: { params: ['string'], fn: (s) => `${String(s).toUpperCase()}!` } };
    expect(new Template('m').funcs(funcs).parse('{{ shout "x" }}').execute(null)).toBe('X!');
  });

  it('lets user functions shadow builtins', () => {
    const t = new Template('m', { funcs: { len: { params: ['interface {}'], fn: () => 'mine' } } });
    expect(t.parse('{{ len "abc" }}').execute(null)).toBe('mine');
  });

  it('uses custom delimiters for the templates parsed after delims()', () => {
    const t = new Template('m').delims('<<', '>>').parse('<< .a >> {{ .a }}');
    expect(t.execute({ a: 1 })).toBe('1 {{ .a }}');
  });

  it('accepts Go option strings and rejects unknown ones', () => {
    const t = new Template('m').option('missingkey=error').parse('{{ .a }}');
    expect(t.missingKey).toBe('error');
    expect(() => t.execute({})).toThrow('map has no entry for key "a"');
    expect(() => new Template('m').option('missingkey=bogus')).toThrow('unrecognized option: missingkey=bogus');
  });

  it('reports a template with no body as Go does', () => {
    const t = new Template('m');
    expect(() => t.execute(null)).toThrow('template: m: "m" is an incomplete or empty template');
    expect(() => t.executeTemplate('x', null)).toThrow('template: no template "x" associated with template "m"');
    // Go's ExecuteTemplate returns a plain error for an unknown name, not an ExecError.
    expect(() => t.executeTemplate('x', null)).not.toThrow(ExecError);
  });

  it('lists defined templates the way Go phrases it', () => {
    expect(new Template('m').definedTemplates()).toBe('');
    expect(new Template('m').parse('x').definedTemplates()).toBe('; defined templates are: "m"');
  });
});

describe('ParseError', () => {
  it('carries the template name, line and Go text', () => {
    let err: unknown;
    try {
      new Template('f.yaml').parse('a\n{{ if }}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toBe('template: f.yaml:2: missing value for if');
    expect((err as ParseError).parts).toEqual({ name: 'f.yaml', line: 2, detail: 'missing value for if' });
  });
});

describe('ExecError', () => {
  it('carries the location, context and detail of Go message, and the partial output', () => {
    const t = new Template('f.yaml').parse('line1\nab {{ .a.b }}');
    let err: unknown;
    try {
      t.execute({ a: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExecError);
    const e = err as ExecError;
    expect(e.message).toBe('template: f.yaml:2:8: executing "f.yaml" at <.a.b>: can\'t evaluate field b in type interface {}');
    expect(e.parts).toEqual({ location: 'f.yaml:2:8', context: '.a.b', detail: "can't evaluate field b in type interface {}" });
    expect(e.partialOutput).toBe('line1\nab ');
    expect(e.templateName).toBe('f.yaml');
  });

  it('wraps function errors with the function name, keeping the error as its cause', () => {
    const broke = new GoFuncError('it broke');
    const funcs: FuncMap = {
      boom: {
        params: [],
        fn: () => {
          throw broke;
        },
      },
    };
    let err: unknown;
    try {
      new Template('m', { funcs }).parse('{{ boom }}').execute(null);
    } catch (e) {
      err = e;
    }
    expect((err as ExecError).message).toBe('template: m:1:3: executing "m" at <boom>: error calling boom: it broke');
    expect((err as ExecError).cause).toBe(broke);
  });
});

describe('values', () => {
  class Release extends GoStruct {
    get goType(): string {
      return '*release.Info';
    }
    static readonly goMethods = { Label: { params: ['string' as const] } };
    Name = 'demo';
    Revision = 3n;
    Label(prefix: GoValue): GoValue {
      return `${String(prefix)}-${this.Name}`;
    }
  }

  it('reads struct fields and calls methods with typed arguments', () => {
    const t = new Template('m').parse('{{ .R.Name }} {{ .R.Revision }} {{ .R.Label "x" }} {{ .R }}');
    expect(t.execute({ R: new Release() })).toBe('demo 3 x-demo {demo 3}');
    expect(() => new Template('m').parse('{{ .R.Label 1 }}').execute({ R: new Release() })).toThrow(
      'expected string; found 1',
    );
  });

  it('prints typed slices and ranges over them', () => {
    const t = new Template('m').parse('{{ .l }} {{ range .l }}<{{ . }}>{{ end }} {{ printf "%T" .l }}');
    expect(t.execute({ l: typedSlice(['a', 'b'], '[]string') })).toBe('[a b] <a><b> []string');
  });

  it('treats null data as no data', () => {
    expect(new Template('m').parse('[{{ . }}][{{ .x }}]').execute(null)).toBe('[<no value>][<no value>]');
  });
});
