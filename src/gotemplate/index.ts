// Go's text/template and fmt for the JavaScript value model (value.ts). No Helm knowledge:
// Sprig and Helm functions plug in as a FuncMap.
export { Template } from './template.js';
export type { TemplateOptions } from './template.js';
export { ExecError, MAX_EXEC_DEPTH } from './exec.js';
export type { MissingKey } from './exec.js';
export { ParseError } from './parser.js';
export { sprintf, sprint, sprintln, formatValue, formatDeref, compareGoStrings, sortedKeys } from './fmt.js';
export { htmlEscapeString, jsEscapeString, queryEscape } from './builtins.js';
export { quote, quoteToASCII, quoteRune, canBackquote, byteLength, runeCount, utf8Bytes } from './quote.js';
export { formatFloat } from './floatfmt.js';
export type { FloatFormat } from './floatfmt.js';
export * from './value.js';
