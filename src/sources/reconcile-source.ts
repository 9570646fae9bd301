// One reconcile of a source object, for `reconcile source …` and the controller: fetch what
// source-controller would fetch (the index, the Git revision, the OCI artifact, the chart) and
// return the status to write. Failures become Ready=False statuses, not exceptions, except a
// refused cross-namespace reference (AccessDeniedError), which callers report as Flux does.
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
import { sourceFailedStatus, sourceReadyStatus } from './source-status.js';
import { describeSource, type SourceObject, type SourceStatus } from './types.js';

/** Ready=False reasons by source kind (source-controller's reason constants). */
function failureReason(kind: SourceObject['kind'], err: SourceError): string {
  if (err.reason === 'AuthenticationFailed') return 'AuthenticationFailed';
  switch (kind) {
    case 'HelmRepository':
      return err.reason === 'InvalidIndex' ? 'IndexationFailed' : 'FetchFailed';
    case 'GitRepository':
      return 'GitOperationFailed';
    case 'OCIRepository':
      return 'OCIArtifactPullFailed';
    default:
      return 'FetchFailed';
  }
}

async function secretData(cluster: Cluster, ns: string, name: string | undefined, subject: string) {
  return name === undefined ? undefined : readSecret(cluster, ns, name, subject);
}

export async function reconcileSource(obj: SourceObject, opts: ResolveOptions): Promise<SourceStatus> {
  const now = opts.now?.() ?? new Date();
  const ns = obj.metadata.namespace ?? 'default';
  const subject = describeSource(obj.kind, ns, obj.metadata.name);
  try {
    switch (obj.kind) {
      case 'HelmChart': {
        try {
          const { fetched } = await fetchHelmChart(obj, { ...opts, reuseWithinInterval: false });
          return helmChartReadyStatus(obj, fetched, now);
        } catch (err) {
          if (err instanceof SourceError) return helmChartFailedStatus(obj, err, now);
          throw err;
        }
      }
      case 'HelmRepository': {
        if (obj.spec.type === 'oci') {
          if (!obj.spec.url.startsWith('oci://')) throw new SourceError(subject, 'InvalidSpec', `invalid OCI registry URL '${obj.spec.url}': must start with oci://`);
          return sourceReadyStatus(obj, { sourceRevision: '', digest: '' }, now);
        }
        const secret = await secretData(opts.cluster, ns, obj.spec.secretRef?.name, subject);
        const certs = await secretData(opts.cluster, ns, obj.spec.certSecretRef?.name, subject);
        const basicAuth = secret ? basicAuthFrom(secret.data, subject, obj.spec.secretRef!.name) : undefined;
        const tls = certs ? tlsFrom(certs.data, subject, obj.spec.certSecretRef!.name) : secret ? tlsFrom(secret.data, subject, obj.spec.secretRef!.name) : undefined;
        const timeoutMs = obj.spec.timeout ? parseGoDuration(obj.spec.timeout) : undefined;
        const { digest } = await fetchIndex({ url: obj.spec.url, ...(basicAuth ? { basicAuth } : {}), ...(tls ? { tls } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
        return sourceReadyStatus(obj, { sourceRevision: digest, digest }, now);
      }
      case 'GitRepository': {
        refuseUnsupportedGitFields(obj);
        const auth = await gitAccessFor(opts.cluster, obj, subject);
        const timeoutMs = obj.spec.timeout ? parseGoDuration(obj.spec.timeout) : undefined;
        const co = await checkout(obj.spec.url, obj.spec.ref, auth, timeoutMs, { recurseSubmodules: obj.spec.recurseSubmodules === true });
        try {
          // source-controller fails the reconcile when a sparse checkout dir or an include is missing.
          if (obj.spec.sparseCheckout !== undefined && obj.spec.sparseCheckout.length > 0) await pruneToSparseCheckout(co.dir, obj.spec.sparseCheckout);
          // Includes must be available for the artifact to be built.
          await applyIncludes(opts.cluster, obj, co.dir);
        } finally {
          await co.cleanup();
        }
        return sourceReadyStatus(obj, { sourceRevision: co.revision, digest: '' }, now);
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
        return sourceReadyStatus(obj, fetched, now);
      }
    }
  } catch (err) {
    const se = toSourceError(subject, err);
    return sourceFailedStatus(obj, failureReason(obj.kind, se), se.detail, now);
  }
}
