// A set of associated templates, like Go's *template.Template: parse text into the set
// (including {{define}}d templates), look templates up, execute them.

import { builtins } from './builtins.js';
import { quote } from './quote.js';
import { ExecError, State } from './exec.js';
import type { ExecTemplate, MissingKey } from './exec.js';
import { isEmptyTree, parse, ParseError, Tree } from './parser.js';
import type { FuncMap, GoValue } from './value.js';

export interface TemplateOptions {
  /** Functions in addition to the builtins (Sprig, Helm...). */
  funcs?: FuncMap;
  /** Action delimiters, default ["{{", "}}"]. */
  delims?: [string, string];
  /** Missing map keys: 'default'/'invalid' (prints <no value>), 'zero', or 'error'. */
  missingKey?: MissingKey;
}

/** What templates of one set share. */
interface Common {
  templates: Map<string, Template>;
  funcs: FuncMap;
  missingKey: MissingKey;
}

export class Template implements ExecTemplate {
  tree: Tree | null = null;
  private common: Common;
  private leftDelim: string;
  private rightDelim: string;

  constructor(
    readonly name: string,
    options: TemplateOptions = {},
    common?: Common,
  ) {
    this.common = common ?? { templates: new Map(), funcs: { ...(options.funcs ?? {}) }, missingKey: options.missingKey ?? 'default' };
    this.leftDelim = options.delims?.[0] ?? '';
    this.rightDelim = options.delims?.[1] ?? '';
  }

  /** A new, empty template associated with this one (same set, functions and delimiters). */
  new(name: string): Template {
    return new Template(name, { delims: [this.leftDelim, this.rightDelim] }, this.common);
  }

  /** Adds functions to the set (they must be added before parsing text that uses them). */
  funcs(funcs: FuncMap): this {
    Object.assign(this.common.funcs, funcs);
    return this;
  }

  delims(left: string, right: string): this {
    this.leftDelim = left;
    this.rightDelim = right;
    return this;
  }

  /** Go's Option: "missingkey=default|invalid|zero|error". */
  option(...opts: string[]): this {
    for (const opt of opts) {
      const m = /^missingkey=(default|invalid|zero|error)$/.exec(opt);
      if (!m) {
        if (opt.startsWith('missingkey=')) throw new Error(`unrecognized option: ${opt}`);
        throw new Error(`unrecognized option: ${opt}`);
      }
      this.common.missingKey = m[1] as MissingKey;
    }
    return this;
  }

  get missingKey(): MissingKey {
    return this.common.missingKey;
  }

  /**
   * Parses text as the body of this template; {{define}}/{{block}} templates join the set.
   * Throws ParseError with Go's message ("template: name:line: ...").
   */
  parse(text: string): this {
    const funcs = this.common.funcs;
    const trees = parse(this.name, text, {
      leftDelim: this.leftDelim,
      rightDelim: this.rightDelim,
      hasFunction: (name) => Object.hasOwn(funcs, name) || Object.hasOwn(builtins, name),
    });
    for (const [name, tree] of trees) this.addParseTree(name, tree);
    return this;
  }

  private addParseTree(name: string, tree: Tree): Template {
    const nt = name === this.name ? this : this.new(name);
    const old = this.common.templates.get(name);
    // An empty definition does not replace an existing one.
    if (old && isEmptyTree(tree.root) && old.tree !== null) {
      if (nt.tree === null) nt.tree = tree;
      return nt;
    }
    this.common.templates.set(name, nt);
    nt.tree = tree;
    return nt;
  }

  lookup(name: string): Template | undefined {
    return this.common.templates.get(name);
  }

  /** All templates of the set. */
  templates(): Template[] {
    return [...this.common.templates.values()];
  }

  /** Go's DefinedTemplates: "; defined templates are: "a", "b"" or "". */
  definedTemplates(): string {
    const names = this.templates()
      .filter((t) => t.tree?.root)
      .map((t) => quote(t.name));
    return names.length ? '; defined templates are: ' + names.join(', ') : '';
  }

  /**
   * Executes this template with `data` as dot. Throws ExecError with Go's message.
   * null data is Go's Execute(w, nil): dot holds no value.
   */
  execute(data: GoValue): string {
    const dot = data === null ? undefined : data;
    return new State(this, { funcs: this.common.funcs, builtins, missingKey: this.common.missingKey }, dot).run(dot);
  }

  /** Executes the named template of the set. */
  executeTemplate(name: string, data: GoValue): string {
    const t = this.lookup(name);
    // Go returns a plain error here, not an ExecError.
    if (!t) throw new Error(`template: no template ${quote(name)} associated with template ${quote(this.name)}`);
    const dot = data === null ? undefined : data;
    return new State(t, { funcs: this.common.funcs, builtins, missingKey: this.common.missingKey }, dot).run(dot);
  }

  /** A copy of the set (templates share parsed trees), as Go's Clone; returns the copy of this. */
  clone(): Template {
    const common: Common = { templates: new Map(), funcs: { ...this.common.funcs }, missingKey: this.common.missingKey };
    let self: Template | undefined;
    for (const [name, t] of this.common.templates) {
      const c = new Template(t.name, { delims: [t.leftDelim, t.rightDelim] }, common);
      c.tree = t.tree;
      common.templates.set(name, c);
      if (t === this) self = c;
    }
    if (!self) {
      self = new Template(this.name, { delims: [this.leftDelim, this.rightDelim] }, common);
      self.tree = this.tree;
    }
    return self;
  }
}

export { ExecError, ParseError };
