// What the renderer needs from a Go text/template implementation: one named set of templates
// sharing a function map, as Helm builds with template.New("gotpl") and t.New(name).Parse(text).
// src/helm/engine/gotemplate-set.ts adapts src/gotemplate to this interface.
import type { FuncMap, GoValue } from '../../gotemplate/value.js';

export interface TemplateSet {
  /** The set's root name ("gotpl" in Helm). */
  readonly name: string;
  /**
   * Parses `text` as template `name`, adding its {{define}}s to the set (a later definition of a
   * name replaces an earlier one, as in Go). Throws an Error whose message is Go's
   * (`template: <name>:<line>: <msg>`).
   */
  parse(name: string, text: string): void;
  has(name: string): boolean;
  /**
   * Executes template `name` with `.` = data and returns the output. Throws Go's errors:
   * execution errors are recognised by isExecError and chain their cause (`Error.cause`)
   * the way Go's ExecError unwraps to the function error it wraps with %w.
   */
  execute(name: string, data: GoValue): string;
  /** A copy of the set (templates and functions) that can be extended without touching this one. */
  clone(): TemplateSet;
  /** Adds or replaces functions (before parsing templates that use them). */
  addFuncs(funcs: FuncMap): void;
}

export interface TemplateEngine {
  /** template.New(name).Option("missingkey=zero" | "missingkey=error").Funcs(funcs) */
  newSet(name: string, funcs: FuncMap, missingKey: 'zero' | 'error'): TemplateSet;
  /** Is this Go's template.ExecError? */
  isExecError(e: unknown): boolean;
}
