// The renderer's TemplateSet over src/gotemplate's Template (Go's *template.Template).
import { ExecError, Template } from '../../gotemplate/index.js';
import type { FuncMap, GoValue } from '../../gotemplate/value.js';
import type { TemplateEngine, TemplateSet } from './template-set.js';

class GoTemplateSet implements TemplateSet {
  constructor(private readonly root: Template) {}

  get name(): string {
    return this.root.name;
  }

  parse(name: string, text: string): void {
    // t.New(name).Parse(text): a template of the same name replaces the old one in the set.
    this.root.new(name).parse(text);
  }

  has(name: string): boolean {
    return this.root.lookup(name) !== undefined;
  }

  execute(name: string, data: GoValue): string {
    return this.root.executeTemplate(name, data);
  }

  clone(): TemplateSet {
    return new GoTemplateSet(this.root.clone());
  }

  addFuncs(funcs: FuncMap): void {
    this.root.funcs(funcs);
  }
}

export const goTemplateEngine: TemplateEngine = {
  newSet(name: string, funcs: FuncMap, missingKey: 'zero' | 'error'): TemplateSet {
    return new GoTemplateSet(new Template(name, { funcs, missingKey }));
  },
  isExecError(e: unknown): boolean {
    return e instanceof ExecError;
  },
};
