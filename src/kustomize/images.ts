// kustomize's `images` transformer: every `image` of a list of maps under a `containers` or
// `initContainers` field, anywhere in an object, that is the rule's `name` with an optional tag
// and sha256 digest, gets the new name, tag or digest.
import { isObject, type JsonObject, type JsonValue } from './resource.js';

export interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

const CONTAINER_FIELDS = new Set(['containers', 'initContainers']);

/** name, tag and digest of an image reference (the tag colon comes after the last slash). */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

/** kustomize's IsImageMatched: the name, then an optional `:tag` and `@sha256:` digest. */
export function imageMatches(image: string, name: string): boolean {
  if (!image.startsWith(name)) return false;
  return /^(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$/.test(image.slice(name.length));
}

/** The new reference: a new tag or digest replaces both the old tag and digest. */
export function updateImage(image: string, rule: ImageRule): string {
  let { name, tag, digest } = splitImage(image);
  if (rule.newName) name = rule.newName;
  if (rule.newTag && rule.digest) {
    tag = rule.newTag;
    digest = rule.digest;
  } else if (rule.newTag) {
    tag = rule.newTag;
    digest = '';
  } else if (rule.digest) {
    tag = '';
    digest = rule.digest;
  }
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/** Applies every rule (in order) to the object, in place. */
export function transformImages(obj: JsonObject, rules: readonly ImageRule[]): void {
  // One transformer per rule, run in order: a later rule sees what an earlier one wrote.
  for (const rule of rules) {
    walk(obj, (container) => {
      const image = container.image;
      if (typeof image === 'string' && imageMatches(image, rule.name)) container.image = updateImage(image, rule);
    });
  }
}

function walk(v: JsonValue, visit: (container: JsonObject) => void): void {
  if (Array.isArray(v)) {
    for (const e of v) walk(e, visit);
    return;
  }
  if (!isObject(v)) return;
  for (const [k, child] of Object.entries(v)) {
    if (CONTAINER_FIELDS.has(k) && Array.isArray(child)) {
      for (const c of child) if (isObject(c)) visit(c);
    }
    walk(child, visit);
  }
}
