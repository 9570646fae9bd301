// `--dry-run=server` for a kind the server does not validate itself (no fieldValidation on its
// PATCH in OpenAPI v3): helm validates the object client-side against the server's OpenAPI v2
// document, as kubectl does. A small API server here serves one such kind (Widget) with its v2
// schema (protobuf for helm's client-go, JSON for flux-ts); helm v4.1.4 gives the expected output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../../src/helm/template/flags.js';
import { runTemplate } from '../../../src/helm/template/run.js';
import { helmEnv, helmTemplate, type Printed } from './helm-live.js';

const chart = join(import.meta.dirname, '../../fixtures/template-openapi-v2/widget');
const home = mkdtempSync(join(tmpdir(), 'flux-ts-openapi-v2-'));
let server: Server;
let env: NodeJS.ProcessEnv;

const GVK = { group: 'demo.example.com', version: 'v1', kind: 'Widget' };

/** The v2 definitions: Widget, its spec, and the ObjectMeta it refers to. */
const definitions: Record<string, Record<string, unknown>> = {
  'com.example.demo.v1.Widget': {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { $ref: '#/definitions/com.example.demo.v1.WidgetSpec' },
    },
    'x-kubernetes-group-version-kind': [GVK],
  },
  'com.example.demo.v1.WidgetSpec': {
    type: 'object',
    required: ['size'],
    properties: {
      size: { type: 'integer', format: 'int32' },
      ratio: { type: 'number' },
      enabled: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      ports: { type: 'array', items: { $ref: '#/definitions/com.example.demo.v1.WidgetPort' } },
    },
  },
  'com.example.demo.v1.WidgetPort': { type: 'object', required: ['port'], properties: { port: { type: 'integer' }, name: { type: 'string' } } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } } },
  },
};

// gnostic's openapi_v2.Document as protobuf (the only form client-go asks /openapi/v2 for).
function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}
const field = (no: number, payload: Buffer | string): Buffer => {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([varint(no * 8 + 2), varint(data.length), data]);
};
function schemaPb(s: Record<string, unknown>): Buffer {
  const parts: Buffer[] = [];
  if (typeof s.$ref === 'string') parts.push(field(1, s.$ref));
  for (const r of (s.required as string[] | undefined) ?? []) parts.push(field(19, r));
  if (s.additionalProperties) parts.push(field(21, field(1, schemaPb(s.additionalProperties as Record<string, unknown>))));
  if (typeof s.type === 'string') parts.push(field(22, field(1, s.type)));
  if (s.items) parts.push(field(23, field(1, schemaPb(s.items as Record<string, unknown>))));
  if (s.properties) {
    const named = Object.entries(s.properties as Record<string, Record<string, unknown>>).map(([n, v]) => field(1, Buffer.concat([field(1, n), field(2, schemaPb(v))])));
    parts.push(field(25, Buffer.concat(named)));
  }
  const gvks = s['x-kubernetes-group-version-kind'] as (typeof GVK)[] | undefined;
  if (gvks) {
    const yaml = gvks.map((g) => `- group: ${g.group}\n  kind: ${g.kind}\n  version: ${g.version}\n`).join('');
    parts.push(field(31, Buffer.concat([field(1, 'x-kubernetes-group-version-kind'), field(2, field(2, yaml))])));
  }
  return Buffer.concat(parts);
}
function documentPb(): Buffer {
  const defs = Object.entries(definitions).map(([n, s]) => field(1, Buffer.concat([field(1, n), field(2, schemaPb(s))])));
  return Buffer.concat([field(1, '2.0'), field(2, Buffer.concat([field(1, 'Kubernetes'), field(2, 'v1.35.0')])), field(8, Buffer.alloc(0)), field(9, Buffer.concat(defs))]);
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const accept = req.headers.accept ?? '';
  const resource = (name: string, kind: string) => ({ name, singularName: kind.toLowerCase(), namespaced: true, kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });
  if (path === '/version') return json(res, 200, { major: '1', minor: '35', gitVersion: 'v1.35.0' });
  if (path === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  if (path === '/apis') {
    const gv = { groupVersion: 'demo.example.com/v1', version: 'v1' };
    return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'demo.example.com', versions: [gv], preferredVersion: gv }] });
  }
  if (path === '/api/v1') return json(res, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('configmaps', 'ConfigMap')] });
  if (path === '/apis/demo.example.com/v1') return json(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'demo.example.com/v1', resources: [resource('widgets', 'Widget')] });
  if (path === '/openapi/v3') return json(res, 200, { paths: { 'apis/demo.example.com/v1': { serverRelativeURL: '/openapi/v3/apis/demo.example.com/v1?hash=1' } } });
  if (path === '/openapi/v3/apis/demo.example.com/v1') {
    // PATCH without fieldValidation: the server does not validate Widgets itself.
    const op = (action: string) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': GVK, parameters: [{ name: 'dryRun', in: 'query' }], responses: { '200': { description: 'OK' } } });
    return json(res, 200, { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.35.0' }, paths: { '/apis/demo.example.com/v1/namespaces/{namespace}/widgets/{name}': { get: op('get'), patch: op('patch') } } });
  }
  if (path === '/openapi/v2') {
    if (accept.includes('protobuf')) return void res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' }).end(documentPb());
    return json(res, 200, { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.35.0' }, paths: {}, definitions });
  }
  const m = /^\/apis\/demo\.example\.com\/v1\/namespaces\/[^/]+\/widgets\/([^/]+)$/.exec(path);
  if (m) return json(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `widgets.demo.example.com "${m[1]}" not found`, reason: 'NotFound', details: { name: m[1], group: 'demo.example.com', kind: 'widgets' }, code: 404 });
  json(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${url}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: default\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: t\n`);
  env = helmEnv({ KUBECONFIG: kubeconfig });
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(home, { recursive: true, force: true });
});

async function flux(args: string[]): Promise<Printed> {
  const r = await runTemplate(parseTemplateArgs(args), defaultTemplateEnv(home, {}, { env }));
  return { stdout: r.error !== undefined ? '' : r.stdout, stderr: r.warnings.map((w) => `${w}\n`).join('') + (r.error !== undefined ? `Error: ${r.error}\n` : ''), status: r.error !== undefined ? 1 : 0 };
}

async function same(...set: string[]): Promise<Printed> {
  const args = ['rel', chart, '--dry-run=server', ...set.flatMap((s) => (s.startsWith('--') ? [s] : ['--set-json', s]))];
  const helm = await helmTemplate(args, home, env);
  expect(await flux(args)).toEqual(helm);
  return helm;
}

describe('client-side OpenAPI v2 validation under --dry-run=server', () => {
  it('accepts a valid object', async () => {
    expect((await same()).status).toBe(0);
    await same('spec.ratio=1.5', 'spec.labels={"n":3}', 'spec.ports=[{"port":80,"name":"http"}]');
    await same('--debug');
  });

  it('reports wrong types, unknown and missing fields as kubectl does', async () => {
    expect((await same('spec.size="three"')).stderr).toContain('ValidationError(Widget.spec.size)');
    await same('spec.enabled="yes"');
    await same('spec.tags="a"');
    await same('spec.labels=["x"]');
    await same('spec={"size":1,"ports":{"port":1}}');
    await same('spec={"size":{"n":1}}');
    await same('spec.color="red"');
    await same('spec.size=null');
    await same('spec.ports=[{"name":"http"}]');
    await same('spec.ports=[{"port":"80"},null]');
    await same('extra={"status":{"ok":true}}');
    // Whole numbers are integers to kubectl; integer and number schemas take both.
    await same('spec.ratio=2');
    await same('spec.size=2.5');
  });

  it('aggregates several errors, keys in sorted order', () => same('spec.size="x"', 'spec.enabled=1', 'spec.zeta=1', 'spec.alpha=2'));

  it('--disable-openapi-validation skips it', async () => {
    const args = ['rel', chart, '--dry-run=server', '--set-json', 'spec.size="x"', '--disable-openapi-validation'];
    const helm = await helmTemplate(args, home, env);
    expect(helm.status).toBe(0);
    expect(await flux(args)).toEqual(helm);
  });
});
