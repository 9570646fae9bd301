// What `flux-ts version` reports, as flux2's cmd/flux/version.go builds it: the CLI's version,
// the distribution read from the GitRepository CRD's labels, and the image tag of every container
// of the Flux Deployments in the namespace (flux-ts's own, part-of=flux-ts, and real Flux
// controllers, part-of=flux), keyed by image name. Printed as go-yaml v2 or encoding/json would.
import type { Cluster, KubeObject } from '../cluster/types.js';
import { CliError } from '../cli/errors.js';
import { compareGoStrings, quoteJsonString } from '../helm/gojson/marshal.js';
import { emitYaml, type EmitNode } from '../helm/yaml/emit.js';
import { sortYamlKeys } from '../helm/yaml/marshal.js';
import { readsBackAsString } from '../helm/yaml/resolve.js';
import { CRD_RESOURCE, DEPLOYMENT_RESOURCE } from '../install/readiness.js';

/** The CLI's own key (flux uses `flux`). */
export const CLI_KEY = 'flux-ts';
const GITREPOSITORIES_CRD = 'gitrepositories.source.toolkit.fluxcd.io';
/** flux-ts's Deployments and real Flux's: flux's manifestgen.PartOfLabelKey with either value. */
export const PART_OF_SELECTOR = 'app.kubernetes.io/part-of in (flux,flux-ts)';

export interface VersionInfo {
  cli: string;
  /** `<part-of>-<version>` from the GitRepository CRD labels; '' when unknown (omitted). */
  distribution: string;
  /** image name (or Deployment name on a clash with the keys above) → tag */
  controllers: Map<string, string>;
}

interface DeploymentLike extends KubeObject {
  spec?: { template?: { spec?: { containers?: Array<{ name?: string; image?: string }> } } };
}

/** flux's fluxClusterInfo.distribution(): the version label, prefixed by the part-of label. */
export function distributionOf(labels: Record<string, string> | undefined): string {
  const version = labels?.['app.kubernetes.io/version'] ?? '';
  const partOf = labels?.['app.kubernetes.io/part-of'];
  return partOf !== undefined && partOf !== '' ? `${partOf}-${version}` : version;
}

/** Whether the first path component names a registry (go-containerregistry's rule). */
function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return '';
  const first = image.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' ? first : '';
}

// A reference go-containerregistry's name.ParseReference accepts: [registry/]path[:tag][@digest].
const REFERENCE =
  /^(?:(?:[a-zA-Z0-9.-]+(?::\d+)?|\[[0-9a-fA-F:]+\](?::\d+)?)\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

/**
 * flux's splitImageStr: the last path segment of the repository and everything after its first
 * `:` (so a digest stays on the tag, and `repo@sha256:…` without a tag splits at the digest's colon).
 */
export function splitImage(image: string): { name: string; tag: string } {
  if (!REFERENCE.test(image)) throw new CliError(`parsing image '${image}' failed: could not parse reference: ${image}`);
  const repo = image.slice(registryOf(image).length);
  const colon = repo.indexOf(':');
  if (colon < 0) throw new CliError(`missing image tag in image ${image}`);
  const path = repo.slice(0, colon);
  return { name: path.slice(path.lastIndexOf('/') + 1), tag: repo.slice(colon + 1) };
}

/** Reads the distribution and the controllers' tags; flux's errors when nothing is installed. */
export async function collectVersionInfo(cluster: Cluster, namespace: string, cli: string): Promise<VersionInfo> {
  // A missing CRD is no error: other controllers may still be there (flux ignores NotFound too).
  const crd = await cluster.tryGet(CRD_RESOURCE, GITREPOSITORIES_CRD);
  const distribution = crd ? distributionOf(crd.metadata.labels) : '';
  const list = await cluster.list<DeploymentLike>(DEPLOYMENT_RESOURCE, { namespace, labelSelector: PART_OF_SELECTOR });
  if (list.items.length === 0) throw new CliError(`no deployments found in ${namespace} namespace`);
  const controllers = new Map<string, string>();
  for (const d of list.items) {
    for (const c of d.spec?.template?.spec?.containers ?? []) {
      const { name, tag } = splitImage(c.image ?? '');
      // flux-ts's controller image is named flux-ts, like the CLI's key: report it by Deployment.
      const key = name === CLI_KEY || name === 'distribution' ? d.metadata.name : name;
      controllers.set(key, tag);
    }
  }
  return { cli, distribution, controllers };
}

function scalar(s: string): EmitNode & { kind: 'scalar' } {
  return { kind: 'scalar', value: s, style: readsBackAsString(s) ? 'plain' : 'double' };
}

/** go-yaml v2 Marshal of flux's versionInfo struct: flux, distribution (omitempty), then the inline map sorted. */
export function versionYaml(info: VersionInfo): string {
  const entries: Array<[EmitNode & { kind: 'scalar' }, EmitNode]> = [[scalar(CLI_KEY), scalar(info.cli)]];
  if (info.distribution !== '') entries.push([scalar('distribution'), scalar(info.distribution)]);
  for (const k of sortYamlKeys([...info.controllers.keys()])) entries.push([scalar(k), scalar(info.controllers.get(k)!)]);
  return emitYaml({ kind: 'map', entries });
}

/** json.MarshalIndent of a map[string]string (keys in byte order, HTML-escaped) plus a newline. */
export function versionJson(info: VersionInfo): string {
  const all = new Map<string, string>([[CLI_KEY, info.cli]]);
  if (info.distribution !== '') all.set('distribution', info.distribution);
  for (const [k, v] of info.controllers) all.set(k, v);
  const keys = [...all.keys()].sort(compareGoStrings);
  return `{\n${keys.map((k) => `  ${quoteJsonString(k)}: ${quoteJsonString(all.get(k)!)}`).join(',\n')}\n}\n`;
}
