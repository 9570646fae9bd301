// Fixture documents whose helm output we knowingly do not reproduce, with the reason.
const KNOWN: Record<string, string> = {
};

export function knownDifference(name: string): string | undefined {
  return KNOWN[name];
}
