// A helm post-renderer plugin doing what helm-controller's post-renderer chain does, with the real
// kustomize (kubectl kustomize): each spec.postRenderers[].kustomize as a kustomization of the
// stream (patches, images, no reordering), then spec.commonMetadata (LabelTransformer and
// AnnotationsTransformer on metadata only), then the origin labels. FLUXCHAIN_SPEC names a JSON
// file: {name, namespace, spec}. Used only to generate test fixtures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const kubectl = process.env.FLUXCHAIN_KUBECTL;
const hr = JSON.parse(readFileSync(process.env.FLUXCHAIN_SPEC, 'utf8'));
let stream = readFileSync(0, 'utf8');

function kustomize(extra, files = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fluxchain-'));
  try {
    writeFileSync(join(dir, 'helm-output.yaml'), stream);
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    writeFileSync(join(dir, 'kustomization.yaml'), JSON.stringify({ resources: ['helm-output.yaml'], sortOptions: { order: 'fifo' }, ...extra }));
    stream = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const transformer = (kind, field, values) =>
  JSON.stringify({ apiVersion: 'builtin', kind, metadata: { name: `${kind}-${field}` }, [field]: values, fieldSpecs: [{ path: `metadata/${field}`, create: true }] });

for (const pr of hr.spec.postRenderers ?? []) {
  if (!pr.kustomize) continue;
  const k = {};
  if (pr.kustomize.patches) k.patches = pr.kustomize.patches;
  if (pr.kustomize.images) k.images = pr.kustomize.images;
  kustomize(k);
}
const cm = hr.spec.commonMetadata;
if (cm && (cm.labels || cm.annotations)) {
  const files = {};
  const transformers = [];
  if (cm.labels) {
    files['cm-labels.yaml'] = transformer('LabelTransformer', 'labels', cm.labels);
    transformers.push('cm-labels.yaml');
  }
  if (cm.annotations) {
    files['cm-annotations.yaml'] = transformer('AnnotationsTransformer', 'annotations', cm.annotations);
    transformers.push('cm-annotations.yaml');
  }
  kustomize({ transformers }, files);
}
kustomize(
  { transformers: ['origin.yaml'] },
  { 'origin.yaml': transformer('LabelTransformer', 'labels', { 'helm.toolkit.fluxcd.io/name': hr.name, 'helm.toolkit.fluxcd.io/namespace': hr.namespace }) },
);
process.stdout.write(stream);
