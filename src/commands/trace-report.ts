// flux trace's two reports (cmd/flux/trace.go traceHelm / traceKustomization templates), laid
// out line for line: a leading empty line, one `---` separated block per object, labels padded
// to a per-block width (16 in the HelmRelease report, 15 for its GitRepository block, 17 for
// its OCIRepository block and for the whole Kustomization report). Pure: the objects come in,
// the text goes out.
import type { KubeObject } from '../cluster/types.js';
import type { Condition } from '../kinds/api-types.js';
import { asRecord, asString, field, findCondition, stringField } from '../kinds/accessors.js';
import type { Location } from '../helm/funcs/sprig/extra/gotime/location.js';
import { goTimeString } from './trace-time.js';

/** The traced object as flux names it: `Object: <kind>/<name>` (the kind as given or served). */
export interface TracedObject {
  kind: string;
  name: string;
  namespace: string;
}

export interface HelmTrace {
  object: TracedObject;
  release: KubeObject;
  /** From status.helmChart (`<namespace>/<name>`), when set. */
  chart?: KubeObject;
  /** The source of spec.chart.spec.sourceRef (HelmRepository or GitRepository). */
  helmRepository?: KubeObject;
  gitRepository?: KubeObject;
  /** spec.chartRef targets. */
  ociRepository?: KubeObject;
  externalArtifact?: KubeObject;
}

export interface KustomizationTrace {
  object: TracedObject;
  kustomization: KubeObject;
  gitRepository?: KubeObject;
  ociRepository?: KubeObject;
  externalArtifact?: KubeObject;
}

/** The OCI annotations flux prints under an artifact, in Go's sorted map order. */
const ORIGIN_ANNOTATIONS: readonly (readonly [label: string, key: string])[] = [
  ['Origin Revision: ', 'org.opencontainers.image.revision'],
  ['Origin Source:   ', 'org.opencontainers.image.source'],
];

class Block {
  readonly lines: string[] = [];
  constructor(private readonly width: number) {}

  /** `Label:` padded to the block's width, then the value (Go's text, no quoting). */
  add(label: string, value: string): this {
    const head = `${label}:`;
    this.lines.push(head.length >= this.width ? `${head}${value}` : `${head.padEnd(this.width)}${value}`);
    return this;
  }

  raw(line: string): this {
    this.lines.push(line);
    return this;
  }
}

function ready(obj: KubeObject): Condition | undefined {
  return findCondition(obj, 'Ready');
}

/** `Status: Last reconciled at …` + `Message:`, or `Status: Unknown` without a Ready condition. */
function readyLines(block: Block, obj: KubeObject, local: Location, failedVariant: boolean): void {
  const cond = ready(obj);
  if (!cond) {
    block.add('Status', 'Unknown');
    return;
  }
  const at = goTimeString(cond.lastTransitionTime, local);
  block.add('Status', failedVariant && cond.status === 'False' ? `Last reconciliation failed at ${at}` : `Last reconciled at ${at}`);
  block.add('Message', cond.message ?? '');
}

function header(object: TracedObject, width: number): Block {
  const block = new Block(width).raw('').add('Object', `${object.kind}/${object.name}`);
  if (object.namespace) block.add('Namespace', object.namespace);
  return block.add('Status', 'Managed by Flux');
}

function artifactRevision(obj: KubeObject): string | undefined {
  const artifact = asRecord(field(obj, 'status', 'artifact'));
  return artifact ? (asString(artifact['revision']) ?? '') : undefined;
}

/** GitRepository spec.ref: tag, else semver (as `Tag:`), else branch. */
function gitReference(block: Block, repo: KubeObject): void {
  const ref = asRecord(field(repo, 'spec', 'ref'));
  if (!ref) return;
  const tag = asString(ref['tag']);
  const semver = asString(ref['semver']);
  const branch = asString(ref['branch']);
  if (tag) block.add('Tag', tag);
  else if (semver) block.add('Tag', semver);
  else if (branch) block.add('Branch', branch);
}

/** OCIRepository spec.ref: tag, else semver (as `Tag:`), else digest. */
function ociReference(block: Block, repo: KubeObject): void {
  const ref = asRecord(field(repo, 'spec', 'ref'));
  if (!ref) return;
  const tag = asString(ref['tag']);
  const semver = asString(ref['semver']);
  const digest = asString(ref['digest']);
  if (tag) block.add('Tag', tag);
  else if (semver) block.add('Tag', semver);
  else if (digest) block.add('Digest', digest);
}

function gitRepositoryBlock(repo: KubeObject, width: number, local: Location): Block {
  const block = new Block(width).raw('---').add('GitRepository', repo.metadata.name).add('Namespace', repo.metadata.namespace ?? '');
  block.add('URL', stringField(repo, 'spec', 'url'));
  gitReference(block, repo);
  const revision = artifactRevision(repo);
  if (revision !== undefined) block.add('Revision', revision);
  readyLines(block, repo, local, true);
  return block;
}

/**
 * OCIRepository: the Kustomization report lists the artifact's origin annotations after the
 * revision (each key its own line, empty when the key is missing, as flux's range prints it);
 * the HelmRelease report does not (flux testdata/trace deployment-hr-ocirepo.golden).
 */
function ociRepositoryBlock(repo: KubeObject, local: Location, withOrigin: boolean): Block {
  const block = new Block(17).raw('---').add('OCIRepository', repo.metadata.name).add('Namespace', repo.metadata.namespace ?? '');
  block.add('URL', stringField(repo, 'spec', 'url'));
  ociReference(block, repo);
  const revision = artifactRevision(repo);
  if (revision !== undefined) {
    block.add('Revision', revision);
    const metadata = asRecord(field(repo, 'status', 'artifact', 'metadata'));
    if (withOrigin && metadata && Object.keys(metadata).length > 0) {
      for (const [label, key] of ORIGIN_ANNOTATIONS) {
        const value = asString(metadata[key]);
        block.raw(value ? `${label}${value}` : '');
      }
    }
  }
  readyLines(block, repo, local, true);
  return block;
}

/**
 * ExternalArtifact (Flux 2.7), as flux 2.7's trace prints it for a Kustomization
 * (fluxcd/flux2#5532): `ExternalArtifact:<name>` with no space, the producer as `Source:`, the
 * revision and the origin revision/source lines that the artifact's metadata has.
 */
function externalArtifactBlock(artifact: KubeObject, local: Location): Block {
  const block = new Block(17).raw('---').add('ExternalArtifact', artifact.metadata.name).add('Namespace', artifact.metadata.namespace ?? '');
  const ref = asRecord(field(artifact, 'spec', 'sourceRef'));
  if (ref) block.add('Source', `${asString(ref['kind']) ?? ''}/${asString(ref['namespace']) ?? ''}/${asString(ref['name']) ?? ''}`);
  const revision = artifactRevision(artifact);
  if (revision !== undefined) {
    block.add('Revision', revision);
    const metadata = asRecord(field(artifact, 'status', 'artifact', 'metadata'));
    for (const [label, key] of ORIGIN_ANNOTATIONS) {
      const value = metadata ? asString(metadata[key]) : undefined;
      if (value) block.raw(`${label}${value}`);
    }
  }
  readyLines(block, artifact, local, true);
  return block;
}

function render(blocks: Block[]): string {
  return blocks.flatMap((b) => b.lines).join('\n') + '\n';
}

/** traceHelm's report. */
export function renderHelmTrace(trace: HelmTrace, local: Location): string {
  const blocks = [header(trace.object, 16)];
  const hr = trace.release;
  const release = new Block(16).raw('---').add('HelmRelease', hr.metadata.name).add('Namespace', hr.metadata.namespace ?? '');
  const target = stringField(hr, 'spec', 'targetNamespace');
  if (target) release.add('Target', target);
  release.add('Revision', stringField(hr, 'status', 'lastAttemptedRevision'));
  readyLines(release, hr, local, false);
  blocks.push(release);

  if (trace.chart) {
    const chart = trace.chart;
    const block = new Block(16).raw('---').add('HelmChart', chart.metadata.name).add('Namespace', chart.metadata.namespace ?? '');
    block.add('Chart', stringField(chart, 'spec', 'chart')).add('Version', stringField(chart, 'spec', 'version'));
    const revision = artifactRevision(chart);
    if (revision !== undefined) block.add('Revision', revision);
    readyLines(block, chart, local, false);
    blocks.push(block);
  }
  if (trace.helmRepository) {
    const repo = trace.helmRepository;
    const block = new Block(16).raw('---').add('HelmRepository', repo.metadata.name).add('Namespace', repo.metadata.namespace ?? '');
    block.add('URL', stringField(repo, 'spec', 'url'));
    const revision = artifactRevision(repo);
    if (revision !== undefined) block.add('Revision', revision);
    readyLines(block, repo, local, false);
    blocks.push(block);
  }
  if (trace.gitRepository) blocks.push(gitRepositoryBlock(trace.gitRepository, 15, local));
  if (trace.ociRepository) blocks.push(ociRepositoryBlock(trace.ociRepository, local, false));
  if (trace.externalArtifact) blocks.push(externalArtifactBlock(trace.externalArtifact, local));
  return render(blocks);
}

/** traceKustomization's report. */
export function renderKustomizationTrace(trace: KustomizationTrace, local: Location): string {
  const blocks = [header(trace.object, 17)];
  const ks = trace.kustomization;
  const block = new Block(17).raw('---').add('Kustomization', ks.metadata.name).add('Namespace', ks.metadata.namespace ?? '');
  const target = stringField(ks, 'spec', 'targetNamespace');
  if (target) block.add('Target', target);
  block.add('Path', stringField(ks, 'spec', 'path')).add('Revision', stringField(ks, 'status', 'lastAppliedRevision'));
  readyLines(block, ks, local, false);
  blocks.push(block);
  if (trace.gitRepository) blocks.push(gitRepositoryBlock(trace.gitRepository, 17, local));
  if (trace.ociRepository) blocks.push(ociRepositoryBlock(trace.ociRepository, local, true));
  if (trace.externalArtifact) blocks.push(externalArtifactBlock(trace.externalArtifact, local));
  return render(blocks);
}
