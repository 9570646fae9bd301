// `install --export` with flux's registry, pull-secret and toleration flags: what the generated
// Deployment carries, what it never carries (the registry password), and the docker config
// JSON byte for byte as Go's encoding/json writes it (fixtures/dockerconfig, made by gen.go).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exportYaml } from '../../src/install/export.js';
import { generateManifests } from '../../src/install/manifests.js';
import { cliVersionTag } from '../../src/install/options.js';
import { dockerConfigJson, pullSecret } from '../../src/install/pull-secret.js';
import { buildInstallPlan, type InstallInput } from '../../src/install/run.js';

const base: InstallInput = { namespace: 'flux-system', components: 'source-controller,helm-controller', allowCrossNamespaceRefs: false, watchAllNamespaces: true, networkPolicy: true, logLevel: 'info' };

function exported(input: Partial<InstallInput>): { yaml: string; docs: { kind: string; spec?: unknown }[] } {
  const { options } = buildInstallPlan({ ...base, ...input });
  const yaml = exportYaml(generateManifests(options), options);
  return { yaml, docs: parseAllDocuments(yaml).map((d) => d.toJS() as { kind: string }) };
}

function podSpecYaml(yaml: string): string {
  // The pod spec's scheduling block: from nodeSelector up to the pod securityContext after it.
  const start = yaml.indexOf('      nodeSelector:');
  return yaml.slice(start, yaml.indexOf('      securityContext:', start));
}

describe('install --export: flux install flags', () => {
  it('defaults: the ghcr.io/flux-ts image, no pull secret, no tolerations', () => {
    const { yaml } = exported({});
    expect(yaml).toContain(`image: ghcr.io/flux-ts/flux-ts:${cliVersionTag()}\n`);
    expect(podSpecYaml(yaml)).toBe('      nodeSelector:\n        kubernetes.io/os: linux\n');
  });

  it('--registry prefixes the image name; --image overrides it', () => {
    expect(exported({ registry: 'registry.example.com:5000/mirror' }).yaml).toContain(`image: registry.example.com:5000/mirror/flux-ts:${cliVersionTag()}\n`);
    const both = exported({ registry: 'registry.example.com', image: 'other.example.com/team/flux-ts:dev' }).yaml;
    expect(both).toContain('image: other.example.com/team/flux-ts:dev\n');
    expect(both).not.toContain('registry.example.com/flux-ts');
  });

  it('--image-pull-secret and --toleration-keys sit next to the node selector, in flag order', () => {
    const { yaml } = exported({ imagePullSecret: 'regcred', tolerationKeys: ['node.kubernetes.io/dedicated-to-flux', 'gpu'] });
    expect(podSpecYaml(yaml)).toBe(
      [
        '      nodeSelector:',
        '        kubernetes.io/os: linux',
        '      imagePullSecrets:',
        '        - name: regcred',
        '      tolerations:',
        '        - key: node.kubernetes.io/dedicated-to-flux',
        '          operator: Exists',
        '        - key: gpu',
        '          operator: Exists',
        '',
      ].join('\n'),
    );
  });

  it('--registry-creds never reaches the exported manifests', () => {
    const plan = buildInstallPlan({ ...base, imagePullSecret: 'regcred', registryCreds: 'robot:s3cr3t' });
    expect(plan.credentials).toEqual({ username: 'robot', password: 's3cr3t' });
    const yaml = exportYaml(generateManifests(plan.options), plan.options);
    expect(yaml).not.toContain('s3cr3t');
    expect(yaml).not.toContain('kind: Secret');
  });

  it('--cluster-domain and --components-extra leave the default manifests as they were', () => {
    expect(exported({ clusterDomain: 'corp.internal' }).yaml).toBe(exported({}).yaml);
    expect(exported({ components: 'helm-controller', componentsExtra: ['source-controller'] }).yaml).toBe(exported({}).yaml);
  });
});

describe('the --registry-creds Secret', () => {
  const cases = readFileSync(new URL('./fixtures/dockerconfig/cases.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [input, output] = l.split('\t') as [string, string];
      const [registry, username, password] = JSON.parse(input) as [string, string, string];
      return { registry, username, password, output };
    });

  it.each(cases)('writes the docker config as encoding/json does ($registry)', ({ registry, username, password, output }) => {
    expect(dockerConfigJson(registry, { username, password })).toBe(output);
  });

  it('is a kubernetes.io/dockerconfigjson Secret in the install namespace', () => {
    const s = pullSecret('regcred', 'flux-system', 'ghcr.io/flux-ts', { username: 'robot', password: 's3cr3t' });
    expect(s).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'regcred', namespace: 'flux-system' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from(cases[0]!.output).toString('base64') },
    });
  });
});
