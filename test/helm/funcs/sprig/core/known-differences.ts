// Fixture cases where our output still differs from helm's for reasons outside the Sprig
// functions. The tests run them with `it.fails`, so each turns red once its cause is fixed
// (then delete the entry).

/** family -> case -> why it differs. */
export const KNOWN_DIFFERENCES: Record<string, Record<string, string>> = {};

export function knownDifference(family: string, name: string): string | undefined {
  return KNOWN_DIFFERENCES[family]?.[name];
}
