// helm-controller's valuesfrom e2e scenario, composed from the manifests and printed as
// `helm get values` prints the release config (fixtures/valuesfrom/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../../src/cluster/types.js';
import type { GoMap } from '../../../src/gotemplate/value.js';
import { marshalYaml } from '../../../src/helm/yaml/index.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { composeValues, configMapValuesObject, secretValuesObject, type ValuesObjectSource } from '../../../src/reconcile/values/index.js';

const read = (f: string) => readFileSync(new URL(`./fixtures/valuesfrom/${f}`, import.meta.url), 'utf8');

describe('valuesfrom e2e fixture', () => {
  it('composes what `helm get values` shows for the release', async () => {
    const hr = parse(read('helmrelease.yaml')) as HelmRelease;
    const cm = parse(read('configmap.yaml')) as KubeObject;
    const secret = parse(read('secret.yaml')) as KubeObject;
    const source: ValuesObjectSource = {
      async get(kind, _ns, name) {
        if (kind === 'ConfigMap' && name === cm.metadata.name) return configMapValuesObject(cm);
        if (kind === 'Secret' && name === secret.metadata.name) return secretValuesObject(secret);
        return undefined;
      },
    };
    const values = await composeValues(source, 'default', hr.spec!.values as GoMap, hr.spec!.valuesFrom!);
    expect(`USER-SUPPLIED VALUES:\n${marshalYaml(values)}`).toBe(read('golden.txt'));
  });
});
