// The runs generate.ts gives helm and deep.test.ts gives flux-ts: a template case of chart/,
// n (how many times the value is wrapped), and for the `values` case a deep value passed with
// -f or --set-json.

/** Depths around the limits: Go's JSON decoder and go-yaml stop past 10000 levels. */
const around = [1000, 5000, 9999, 10000, 20000];
/** Cases whose output grows with the square of the depth (indentation) stay smaller. */
const small = [1000, 3000];

export interface Run {
  /** The template of chart/ that renders. */
  case: string;
  /** How many times the template wraps its value. */
  n: number;
  /** For the values case: a values file (-f) of this shape... */
  valuesFile?: 'flow' | 'block-list';
  /** ...or a --set-json argument (`merged`: over the chart's 9999-deep `merged` tables)... */
  setJson?: 'object' | 'merged';
  /** ...holding this many nested collections. */
  depth?: number;
}

const cases: Record<string, number[]> = {
  toJson: around, mustToJson: around, toRawJson: around, toPrettyJson: small, toPrettyJsonList: small,
  toYaml: around, mustToYaml: around, toYamlMap: small, mustToYamlNaN: [0, 10000],
  fromJson: around, fromJsonArray: around, fromYaml: around, fromYamlArray: around,
  fromYamlBlock: around, fromYamlArrayBlock: around,
  toToml: small, toTomlList: around, toTomlTableArrays: small, toTomlInline: around, toTomlNilDeep: [0, 20000], fromToml: [1000, 5000, 20000], fromTomlInline: [1000, 5000],
  deepCopy: around, mergeOverwrite: around, merge: around, mergeBoth: around,
};

export const runs: Run[] = [
  ...Object.entries(cases).flatMap(([name, ns]) => ns.map((n) => ({ case: name, n }))),
  ...[9999, 10000, 10001].flatMap((depth) => [
    { case: 'values', n: 0, valuesFile: 'flow' as const, depth },
    { case: 'values', n: 0, valuesFile: 'block-list' as const, depth },
    { case: 'values', n: 0, setJson: 'object' as const, depth },
  ]),
  { case: 'merged', n: 0 },
  { case: 'merged', n: 0, setJson: 'merged' as const, depth: 9999 },
];

/** A values file whose `deep` holds `depth` nested collections. */
export function valuesFileText(kind: 'flow' | 'block-list', depth: number): string {
  if (kind === 'flow') return `deep: ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}\n`;
  return `deep:\n${'- '.repeat(depth)}1\n`;
}

/**
 * A --set-json argument: `deep` holding `depth` nested objects, or `merged` holding as many
 * down to the keys that meet the chart's innermost ones.
 */
export function setJsonText(kind: 'object' | 'merged', depth: number): string {
  if (kind === 'merged') return `merged=${'{"a":'.repeat(depth - 1)}{"fromUser":1,"both":"user"}${'}'.repeat(depth - 1)}`;
  return `deep=${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** The name of a run in expected.json. */
export function runKey(run: Run): string {
  const extra = [run.valuesFile && `values-file=${run.valuesFile}:${run.depth}`, run.setJson && `set-json=${run.setJson}:${run.depth}`];
  return [run.case, run.n, ...extra].filter(Boolean).join(' ');
}
