// Fixture documents whose helm output we knowingly do not reproduce, with the reason.
const KNOWN: Record<string, string> = {
  // The decoded value matches (%v, types and toToml agree); Go's Time.MarshalJSON refuses a zone
  // offset of 24 hours or more, so helm's toJson and toYaml print nothing. That check belongs
  // to GoTime.marshalGoJSON (src/helm/funcs/sprig/extra/gotime/time.ts).
  'errors/datetime-offset-overflow': 'toJson/toYaml of a time with a +24:00 offset do not fail',
};

export function knownDifference(name: string): string | undefined {
  return KNOWN[name];
}
