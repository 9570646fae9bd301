// Helm's functions that are bound to the template set being executed: include, tpl,
// required and fail (engine.go initFunMap). `include` counts nesting per template name and
// stops runaway recursion past 1000 levels with Helm's message.
import { GoFuncError, type FuncMap, type GoValue } from '../../../gotemplate/value.js';
import { warnWrap } from '../../engine/errors.js';
import type { TemplateEngine, TemplateSet } from '../../engine/template-set.js';

const RECURSION_MAX = 1000;
const STACK_OVERFLOW = 'Maximum call stack size exceeded';

function recursionMessage(name: string): string {
  return `rendering template has a nested reference name: ${name}: unable to execute template`;
}

function goQuote(s: string): string {
  // %q of a valid UTF-8 string: JSON escaping differs only in rare control characters.
  return JSON.stringify(s).replace(/\\u007f/g, '\\x7f');
}

/** Functions bound to `current()`, the set whose templates are executing. */
export function boundFuncs(current: () => TemplateSet, engine: TemplateEngine): FuncMap {
  const includedNames = new Map<string, number>();
  return {
    include: {
      params: ['string', 'interface {}'],
      fn: (name, data) => {
        const n = name as string;
        const count = includedNames.get(n);
        if (count !== undefined) {
          if (count > RECURSION_MAX) {
            throw new GoFuncError(recursionMessage(n));
          }
          includedNames.set(n, count + 1);
        } else {
          includedNames.set(n, 1);
        }
        try {
          return current().execute(n, data);
        } catch (e) {
          // Without a big enough stack, JavaScript runs out before Helm's limit of 1000 nested
          // includes; report it as Helm reports runaway recursion.
          if (e instanceof Error && e.message.endsWith(STACK_OVERFLOW)) {
            throw new GoFuncError(e.message.slice(0, -STACK_OVERFLOW.length) + recursionMessage(n));
          }
          throw e;
        } finally {
          includedNames.set(n, (includedNames.get(n) ?? 1) - 1);
        }
      },
    },
    tpl: {
      params: ['string', 'interface {}'],
      fn: (text, vals) => {
        const tpl = text as string;
        // Helm clones the executing set and parses the text as its root template, so the
        // text sees every chart template and may define its own.
        const clone = current().clone();
        clone.addFuncs(boundFuncs(() => clone, engine));
        try {
          clone.parse(clone.name, tpl);
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          throw new GoFuncError(`cannot parse template ${goQuote(tpl)}: ${err.message}`, { cause: err });
        }
        try {
          return clone.execute(clone.name, vals as GoValue).replaceAll('<no value>', '');
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          throw new GoFuncError(`error during tpl function execution for ${goQuote(tpl)}: ${err.message}`, { cause: err });
        }
      },
    },
    required: {
      params: ['string', 'interface {}'],
      fn: (warn, val) => {
        if (val === null || val === undefined || val === '') throw new GoFuncError(warnWrap(warn as string));
        return val;
      },
    },
    fail: {
      params: ['string'],
      fn: (msg) => {
        throw new GoFuncError(warnWrap(msg as string));
      },
    },
  };
}
