// Fixture documents whose helm output we knowingly do not reproduce, with the reason.
const KNOWN: Record<string, string> = {
  // The decoded value matches (%v, types and toToml agree); Go's Time.MarshalJSON refuses a zone
  // offset of 24 hours or more, so helm's toJson and toYaml print nothing. That check belongs
  // to GoTime.marshalGoJSON (src/helm/funcs/sprig/extra/gotime/time.ts).
  'errors/datetime-offset-overflow': 'toJson/toYaml of a time with a +24:00 offset do not fail',
  // The values.yaml reader (src/helm/yaml/flow-colons.ts) uses U+E000 as a stand-in for ':'
  // and turns the one in this document into ':' before fromToml sees it.
  'lexing/private-use': 'values.yaml reading turns U+E000 into a colon',
};

export function knownDifference(name: string): string | undefined {
  return KNOWN[name];
}
