// One reconcile of a source object, for `reconcile source …` and the controller: fetch what
// source-controller would fetch (the index, the Git revision, the OCI artifact, the chart) and
// return the status to write. Failures become Ready=False statuses, not exceptions, except a
// refused cross-namespace reference (AccessDeniedError), which callers report as Flux does.
import { execFile } from 'node:child_process';
import type { Cluster } from '../cluster/types.js';
import { SourceError } from './errors.js';
import { fetchHelmChart, type ResolveOptions } from './resolve.js';
import { fetchFromOciRepository, toSourceError } from './fetchers.js';
import { fetchIndex } from './helm/http-repository.js';
import { gitAccessFor } from './git/access.js';
import { refuseUnsupportedGitFields } from './git/unsupported.js';
import { checkout } from './git/checkout.js';
import { pruneToSparseCheckout } from './git/sourceignore.js';
import { applyIncludes } from './git/include.js';
import { readSecret, basicAuthFrom, registryCredentialsFrom, tlsFrom } from './secrets.js';
import { helmChartFailedStatus, helmChartReadyStatus } from './helmchart.js';
import { parseGoDuration } from './duration.js';
import { parseOciReference } from './oci/reference.js';
import { refuseUnsupportedOciFields } from './oci/unsupported.js';
import { sourceFailedStatus, sourceReadyStatus, sourceStalledStatus } from './source-status.js';
import { describeSource, type SourceObject, type SourceStatus } from './types.js';

/**
 * Ready=False reason and message by source kind, as source-controller words a failed fetch
 * (helmrepository_controller.go reconcileSource, gitrepository_controller.go, ocirepository_controller.go).
 */
function failureOf(kind: SourceObject['kind'], err: SourceError): { reason: string; message: string } {
  if (err.reason === 'AuthenticationFailed') return { reason: 'AuthenticationFailed', message: err.detail };
  switch (kind) {
    case 'HelmRepository':
      return err.reason === 'InvalidIndex'
        ? { reason: 'IndexationFailed', message: `failed to load Helm repository from index YAML: ${err.detail}` }
        : { reason: 'Failed', message: `failed to fetch Helm repository index: ${err.detail}` };
    case 'GitRepository':
      return { reason: 'GitOperationFailed', message: `failed to checkout and determine revision: ${err.detail}` };
    case 'OCIRepository':
      return { reason: 'OCIArtifactPullFailed', message: err.detail };
    default:
      return { reason: 'FetchFailed', message: err.detail };
  }
}

async function secretData(cluster: Cluster, ns: string, name: string | undefined, subject: string) {
  return name === undefined ? undefined : readSecret(cluster, ns, name, subject);
}

export async function reconcileSource(obj: SourceObject, opts: ResolveOptions): Promise<SourceStatus> {
  return (await reconcileSourceDetailed(obj, opts)).status;
}

/** What a reconcile learnt besides the status: the fetched commit's subject (events name it). */
export interface SourceReconcileResult {
  status: SourceStatus;
  /** GitRepository: the commit's subject line, shortened as fluxcd/pkg git Commit.ShortMessage. */
  commitSubject?: string;
}

/** First line of a commit message, at most 50 characters (then `...`), as fluxcd/pkg/git. */
export function shortCommitMessage(message: string): string {
  const subject = [...(message.split('\n')[0] ?? '')];
  return subject.length > 50 ? `${subject.slice(0, 50).join('')}...` : subject.join('');
}

function commitMessage(dir: string, commit: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['log', '-1', '--format=%B', commit], { cwd: dir, timeout: 10_000 }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

export async function reconcileSourceDetailed(obj: SourceObject, opts: ResolveOptions): Promise<SourceReconcileResult> {
  const status = (s: SourceStatus): SourceReconcileResult => ({ status: s });
  const now = opts.now?.() ?? new Date();
  const ns = obj.metadata.namespace ?? 'default';
  const subject = describeSource(obj.kind, ns, obj.metadata.name);
  try {
    switch (obj.kind) {
      case 'HelmChart': {
        try {
          const { fetched } = await fetchHelmChart(obj, { ...opts, reuseWithinInterval: false });
          return status(helmChartReadyStatus(obj, fetched, now));
        } catch (err) {
          if (err instanceof SourceError) {
            const failed = helmChartFailedStatus(obj, err, now);
            // An invalid chart reference is a persistent build error
            // (chart.IsPersistentBuildErrorReason): Stalled until the spec changes.
            const ready = failed.conditions?.find((c) => c.type === 'Ready');
            if (ready?.reason === 'InvalidChartReference') return status(sourceStalledStatus(obj, ready.reason, ready.message, now));
            return status(failed);
          }
          throw err;
        }
      }
      case 'HelmRepository': {
        if (obj.spec.type === 'oci') {
          if (!obj.spec.url.startsWith('oci://')) throw new SourceError(subject, 'InvalidSpec', `invalid OCI registry URL '${obj.spec.url}': must start with oci://`);
          return status(sourceReadyStatus(obj, { sourceRevision: '', digest: '' }, now));
        }
        // Only a spec change can fix this: source-controller stalls.
        if (obj.spec.url.startsWith('oci://')) {
          return status(sourceStalledStatus(obj, 'URLInvalid', "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default' HelmRepository type", now));
        }
        const secret = await secretData(opts.cluster, ns, obj.spec.secretRef?.name, subject);
        const certs = await secretData(opts.cluster, ns, obj.spec.certSecretRef?.name, subject);
        const basicAuth = secret ? basicAuthFrom(secret.data, subject, obj.spec.secretRef!.name) : undefined;
        const tls = certs ? tlsFrom(certs.data, subject, obj.spec.certSecretRef!.name) : secret ? tlsFrom(secret.data, subject, obj.spec.secretRef!.name) : undefined;
        const timeoutMs = obj.spec.timeout ? parseGoDuration(obj.spec.timeout) : undefined;
        const { digest } = await fetchIndex({ url: obj.spec.url, ...(basicAuth ? { basicAuth } : {}), ...(tls ? { tls } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
        return status(sourceReadyStatus(obj, { sourceRevision: digest, digest }, now));
      }
      case 'GitRepository': {
        refuseUnsupportedGitFields(obj);
        const auth = await gitAccessFor(opts.cluster, obj, subject);
        const timeoutMs = obj.spec.timeout ? parseGoDuration(obj.spec.timeout) : undefined;
        const co = await checkout(obj.spec.url, obj.spec.ref, auth, timeoutMs, { recurseSubmodules: obj.spec.recurseSubmodules === true });
        let commitSubject: string | undefined;
        try {
          const message = await commitMessage(co.dir, co.commit);
          if (message !== undefined) commitSubject = shortCommitMessage(message);
          // source-controller fails the reconcile when a sparse checkout dir or an include is missing.
          if (obj.spec.sparseCheckout !== undefined && obj.spec.sparseCheckout.length > 0) await pruneToSparseCheckout(co.dir, obj.spec.sparseCheckout);
          // Includes must be available for the artifact to be built.
          await applyIncludes(opts.cluster, obj, co.dir);
        } finally {
          await co.cleanup();
        }
        return { status: sourceReadyStatus(obj, { sourceRevision: co.revision, digest: '' }, now), ...(commitSubject !== undefined ? { commitSubject } : {}) };
      }
      case 'OCIRepository': {
        refuseUnsupportedOciFields(obj);
        const secret = await secretData(opts.cluster, ns, obj.spec.secretRef?.name, subject);
        const credentials = secret ? registryCredentialsFrom(secret, parseOciReference(obj.spec.url).host, subject, obj.spec.secretRef!.name) : undefined;
        const certs = await secretData(opts.cluster, ns, obj.spec.certSecretRef?.name, subject);
        const tls = certs ? tlsFrom(certs.data, subject, obj.spec.certSecretRef!.name) : undefined;
        const fetched = await fetchFromOciRepository(
          { subject, ...(opts.cache ? { cache: opts.cache } : {}) },
          {
            url: obj.spec.url,
            expectChart: false,
            ...(obj.spec.ref ? { ref: obj.spec.ref } : {}),
            ...(obj.spec.layerSelector ? { layerSelector: obj.spec.layerSelector } : {}),
            ...(obj.spec.insecure ? { plainHttp: true } : {}),
            ...(credentials ? { credentials } : {}),
            ...(tls ? { tls } : {}),
          },
        );
        return status(sourceReadyStatus(obj, fetched, now));
      }
    }
  } catch (err) {
    const se = toSourceError(subject, err);
    const { reason, message } = failureOf(obj.kind, se);
    return status(sourceFailedStatus(obj, reason, message, now));
  }
}
