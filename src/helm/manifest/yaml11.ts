// Which plain scalars go-yaml v2 (YAML 1.1) reads as strings. Helm turns the others (booleans,
// nulls, numbers, merge keys) into different text or into errors, so the fast head readers
// leave them to the exact decoder.
const SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|[-+]?\.?[0-9][0-9_.:eExXoObB+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** True when the plain scalar `s` (non-empty) certainly resolves to the string `s`. */
export function isYaml11String(s: string): boolean {
  return s !== '' && !SPECIAL.test(s) && !s.startsWith('<<');
}

/** Plain scalars go-yaml reads as ±Inf or NaN, which sigs.k8s.io/yaml cannot turn into JSON (json: unsupported value). */
export const NON_FINITE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
