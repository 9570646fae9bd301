// A node built-in module loaded when first needed rather than imported: the start-up snapshot
// cannot hold some of them (tls), and others cost every start that never uses them (v8).
import { createRequire } from 'node:module';

/**
 * The built-in module `id` (`node:tls`...). process.getBuiltinModule (node >= 20.16) also works
 * in a process started from the snapshot, which has no dynamic import().
 */
export function builtinModule<T>(id: `node:${string}`): T {
  const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  return (builtin ? builtin(id) : createRequire(import.meta.url)(id)) as T;
}
