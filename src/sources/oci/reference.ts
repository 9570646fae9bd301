// OCI references as Flux and Helm write them: `oci://host[:port]/path/name[:tag][@sha256:…]`.
export interface OciReference {
  /** Registry host with port, e.g. `ghcr.io` or `127.0.0.1:5000`. */
  host: string;
  /** Repository path, e.g. `stefanprodan/charts/podinfo`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export class OciReferenceError extends Error {
  override name = 'OciReferenceError';
}

const REPO_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/** Parses `oci://…` (the scheme is optional) into host, repository, tag and digest. */
export function parseOciReference(url: string): OciReference {
  const rest = url.startsWith('oci://') ? url.slice('oci://'.length) : url;
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new OciReferenceError(`invalid OCI reference '${url}': missing repository`);
  const host = rest.slice(0, slash);
  let path = rest.slice(slash + 1);
  let digest: string | undefined;
  let tag: string | undefined;
  const at = path.indexOf('@');
  if (at >= 0) {
    digest = path.slice(at + 1);
    path = path.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw new OciReferenceError(`invalid OCI reference '${url}': invalid digest '${digest}'`);
  }
  const colon = path.lastIndexOf(':');
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (!TAG_RE.test(tag)) throw new OciReferenceError(`invalid OCI reference '${url}': invalid tag '${tag}'`);
  }
  path = path.replace(/\/+$/, '');
  if (!REPO_RE.test(path)) throw new OciReferenceError(`invalid OCI reference '${url}': invalid repository '${path}'`);
  return { host, repository: path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export function formatOciReference(ref: OciReference): string {
  return `${ref.host}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** Helm stores chart versions as tags with `+` written as `_` (OCI tags cannot hold `+`). */
export const versionToTag = (version: string): string => version.replaceAll('+', '_');
export const tagToVersion = (tag: string): string => tag.replaceAll('_', '+');
