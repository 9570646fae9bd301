// Sprig's path functions: base, dir, clean, ext, isAbs (package path) and their os* twins
// (package path/filepath, identical on Linux).
import type { FuncMap, GoFunc, GoValue } from '../../../../gotemplate/value.js';
import { str } from './args.js';
import { base, clean, dir, ext, isAbs } from './gopath.js';

const unary = (f: (p: string) => GoValue): GoFunc => ({ params: ['string'], fn: (p) => f(str(p)) });

export function pathFuncs(): FuncMap {
  return {
    base: unary(base),
    dir: unary(dir),
    clean: unary(clean),
    ext: unary(ext),
    isAbs: unary(isAbs),
    osBase: unary(base),
    osClean: unary(clean),
    osDir: unary(dir),
    osExt: unary(ext),
    osIsAbs: unary(isAbs),
  };
}
