// The validation step of Helm's KubeClient.Build (kubectl's --validate=strict through client-go):
// a kind whose PATCH operation in the server's OpenAPI v3 document accepts `fieldValidation` is
// left to the server (a dry run sends nothing, so nothing more happens); a group/version the
// OpenAPI index does not list is an error; any other kind needs the client-side schema, which
// comes from OpenAPI v2, against which the object is validated as kubectl validates it
// (openapi-v2-validate.ts); a kind the v2 document does not describe is not validated.
import { KubeApiError } from '../../cluster/errors.js';
import { aggregateMessage, OpenApiV2Models, validateModel } from './openapi-v2-validate.js';

type Get = <T>(path: string) => Promise<T>;

interface V3Index {
  paths?: Record<string, { serverRelativeURL?: string }>;
}

interface V3Operation {
  'x-kubernetes-group-version-kind'?: { group?: string; version?: string; kind?: string };
  parameters?: { name?: string; $ref?: string }[];
}

interface V3Document {
  paths?: Record<string, Record<string, V3Operation>>;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class OpenApiValidation {
  private index?: Promise<V3Index>;
  private readonly docs = new Map<string, Promise<V3Document>>();
  private v2?: Promise<OpenApiV2Models>;

  constructor(private readonly get: Get) {}

  /** Throws kubectl's `error validating "": error validating data: ...` for the object. */
  async check(apiVersion: string, kind: string, object?: unknown): Promise<void> {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const fail = (why: string): Error => new Error(`error validating "": error validating data: ${why}`);
    try {
      if (await this.serverValidates(group, version, kind)) return;
    } catch (e) {
      throw fail(describe(e));
    }
    this.v2 ??= this.get<unknown>('/openapi/v2').then((doc) => OpenApiV2Models.fromDocument(doc));
    let models: OpenApiV2Models;
    try {
      models = await this.v2;
    } catch (e) {
      throw fail(`failed to download openapi: ${describe(e)}`);
    }
    if (object === undefined) return;
    const model = models.resource({ group, version, kind });
    if (model === undefined) return;
    const errors = validateModel(object, model, kind, models);
    if (errors.length > 0) throw fail(aggregateMessage(errors));
  }

  /** Does the server validate this kind itself (fieldValidation on its PATCH)? */
  private async serverValidates(group: string, version: string, kind: string): Promise<boolean> {
    this.index ??= this.get<V3Index>('/openapi/v3');
    const index = await this.index;
    const key = group === '' ? `api/${version}` : `apis/${group}/${version}`;
    const entry = index?.paths?.[key];
    if (entry === undefined) throw new KubeApiError('the server could not find the requested resource', 404, 'NotFound');
    let doc = this.docs.get(key);
    if (doc === undefined) {
      doc = this.get<V3Document>(entry.serverRelativeURL ?? `/openapi/v3/${key}`);
      this.docs.set(key, doc);
    }
    for (const ops of Object.values((await doc)?.paths ?? {})) {
      const patch = ops.patch;
      const gvk = patch?.['x-kubernetes-group-version-kind'];
      if (!gvk || (gvk.group ?? '') !== group || gvk.version !== version || gvk.kind !== kind) continue;
      if ((patch!.parameters ?? []).some((p) => p.name === 'fieldValidation' || (p.$ref ?? '').includes('fieldValidation'))) return true;
    }
    return false;
  }
}
