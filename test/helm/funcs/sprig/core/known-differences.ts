// Fixture cases where our output still differs from helm's for reasons outside the Sprig
// functions. The tests run them with `it.fails`, so each turns red once its cause is fixed
// (then delete the entry).

/** family -> case -> why it differs. */
export const KNOWN_DIFFERENCES: Record<string, Record<string, string>> = {
  json: {
    // Helm prints the raw Go message here (the error chain ends in a non-template error), but
    // src/helm/engine/errors.ts re-reads the chain from the message text and trips over the
    // ": " inside the action `mustFromJson \`{1: 2}\``, printing a trace instead.
    'mustFromJson-key': 'engine error rewriting with ": " in the action (render only)',
    'mustFromJson-after-pair': 'engine error rewriting with ": " in the action (render only)',
  },
};

export function knownDifference(family: string, name: string): string | undefined {
  return KNOWN_DIFFERENCES[family]?.[name];
}
