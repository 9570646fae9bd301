// Decoding of the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown) for the few request
// bodies typed clients send as protobuf: kubectl's `create namespace|configmap|secret|
// serviceaccount|deployment` and `run`, and Helm's release Secrets and DeleteOptions. Other
// protobuf bodies are refused with 415, as JSON is what we speak.
import { isObject } from './json.js';
import { unsupportedMediaType } from './status.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

type Fields = Map<number, Array<number | Buffer>>;

function readVarint(buf: Buffer, pos: { i: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos.i >= buf.length) throw new Error('truncated varint');
    const b = buf[pos.i++]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
  }
}

function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const key = readVarint(buf, pos);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    let v: number | Buffer;
    if (wire === 0) v = readVarint(buf, pos);
    else if (wire === 2) {
      const len = readVarint(buf, pos);
      v = buf.subarray(pos.i, pos.i + len);
      pos.i += len;
    } else if (wire === 1) {
      v = buf.subarray(pos.i, pos.i + 8);
      pos.i += 8;
    } else if (wire === 5) {
      v = buf.subarray(pos.i, pos.i + 4);
      pos.i += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push(v);
    out.set(field, list);
  }
  return out;
}

/** A string field; the empty string (always written by the Go encoder) reads as absent. */
const str = (f: Fields, n: number): string | undefined => {
  const v = f.get(n)?.at(-1);
  return Buffer.isBuffer(v) && v.length > 0 ? v.toString('utf8') : undefined;
};
const strs = (f: Fields, n: number): string[] => (f.get(n) ?? []).filter(Buffer.isBuffer).map((b) => b.toString('utf8'));
const msg = (f: Fields, n: number): Fields | undefined => {
  const v = f.get(n)?.at(-1);
  return Buffer.isBuffer(v) ? fields(v) : undefined;
};

function map(f: Fields, n: number, bytes = false): Record<string, string> | undefined {
  const entries = (f.get(n) ?? []).filter(Buffer.isBuffer);
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const ef = fields(e);
    const k = str(ef, 1) ?? '';
    const raw = ef.get(2)?.at(-1);
    out[k] = Buffer.isBuffer(raw) ? (bytes ? raw.toString('base64') : raw.toString('utf8')) : '';
  }
  return out;
}

function objectMeta(f: Fields | undefined): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  if (!f) return m;
  const put = (k: string, v: unknown): void => {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) m[k] = v;
  };
  put('name', str(f, 1));
  put('generateName', str(f, 2));
  put('namespace', str(f, 3));
  put('labels', map(f, 11));
  put('annotations', map(f, 12));
  put('finalizers', strs(f, 14));
  return m;
}

const num = (f: Fields, n: number): number | undefined => {
  const v = f.get(n)?.at(-1);
  return typeof v === 'number' ? v : undefined;
};

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (v === undefined || (Array.isArray(v) && v.length === 0)) return;
  o[k] = v;
}

function labelSelector(f: Fields | undefined): Record<string, unknown> | undefined {
  if (!f) return undefined;
  const out: Record<string, unknown> = {};
  put(out, 'matchLabels', map(f, 1));
  return out;
}

/** core.Container: the fields `kubectl create deployment` and `kubectl run` set. */
function container(f: Fields): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  put(c, 'name', str(f, 1));
  put(c, 'image', str(f, 2));
  put(c, 'command', strs(f, 3));
  put(c, 'args', strs(f, 4));
  put(c, 'workingDir', str(f, 5));
  const ports = (f.get(6) ?? []).filter(Buffer.isBuffer).map((b) => {
    const pf = fields(b);
    const port: Record<string, unknown> = {};
    put(port, 'name', str(pf, 1));
    if (num(pf, 2)) port['hostPort'] = num(pf, 2);
    put(port, 'containerPort', num(pf, 3) ?? 0);
    put(port, 'protocol', str(pf, 4));
    return port;
  });
  put(c, 'ports', ports);
  const env = (f.get(7) ?? []).filter(Buffer.isBuffer).map((b) => {
    const ef = fields(b);
    const e: Record<string, unknown> = { name: str(ef, 1) ?? '' };
    put(e, 'value', str(ef, 2));
    return e;
  });
  put(c, 'env', env);
  if (f.get(8)) c['resources'] = {};
  put(c, 'imagePullPolicy', str(f, 14));
  return c;
}

function podSpec(f: Fields | undefined): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  if (!f) return s;
  s['containers'] = (f.get(2) ?? []).filter(Buffer.isBuffer).map((b) => container(fields(b)));
  put(s, 'restartPolicy', str(f, 3));
  put(s, 'dnsPolicy', str(f, 6));
  put(s, 'serviceAccountName', str(f, 8));
  return s;
}

function podTemplate(f: Fields | undefined): Record<string, unknown> {
  return { metadata: objectMeta(f ? msg(f, 1) : undefined), spec: podSpec(f ? msg(f, 2) : undefined) };
}

/** Decodes a protobuf request body into the JSON object it stands for. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  const refuse = (): never => {
    throw unsupportedMediaType(['application/json', 'application/yaml']);
  };
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\u0000') refuse();
  let unknown: Fields;
  try {
    unknown = fields(body.subarray(4));
  } catch {
    return refuse();
  }
  const typeMeta = msg(unknown, 1);
  const apiVersion = typeMeta ? str(typeMeta, 1) : undefined;
  const kind = typeMeta ? str(typeMeta, 2) : undefined;
  const raw = unknown.get(2)?.at(-1);
  if (!Buffer.isBuffer(raw) || !kind) return refuse();
  const f = fields(raw);
  const out: Record<string, unknown> = { apiVersion: apiVersion || 'v1', kind, metadata: objectMeta(msg(f, 1)) };
  switch (kind) {
    case 'Namespace': {
      const spec = msg(f, 2);
      if (spec && strs(spec, 1).length) out['spec'] = { finalizers: strs(spec, 1) };
      break;
    }
    case 'ConfigMap':
      if (map(f, 2)) out['data'] = map(f, 2);
      if (map(f, 3, true)) out['binaryData'] = map(f, 3, true);
      if (f.get(4)) out['immutable'] = f.get(4)!.at(-1) === 1;
      break;
    case 'Secret':
      if (map(f, 2, true)) out['data'] = map(f, 2, true);
      if (str(f, 3)) out['type'] = str(f, 3);
      if (map(f, 4)) out['stringData'] = map(f, 4);
      if (f.get(5)) out['immutable'] = f.get(5)!.at(-1) === 1;
      break;
    case 'ServiceAccount':
      break;
    case 'Pod':
      out['spec'] = podSpec(msg(f, 2));
      break;
    case 'Deployment': {
      const sf = msg(f, 2);
      const spec: Record<string, unknown> = {};
      if (sf) {
        put(spec, 'replicas', num(sf, 1));
        put(spec, 'selector', labelSelector(msg(sf, 2)));
        spec['template'] = podTemplate(msg(sf, 3));
        const strategy = msg(sf, 4);
        if (strategy) spec['strategy'] = str(strategy, 1) ? { type: str(strategy, 1) } : {};
      }
      out['spec'] = spec;
      break;
    }
    case 'DeleteOptions': {
      // Not an object: gracePeriodSeconds=1, preconditions=2, orphanDependents=3, propagationPolicy=4, dryRun=5.
      const d: Record<string, unknown> = { apiVersion: apiVersion || 'v1', kind };
      const grace = f.get(1)?.at(-1);
      if (typeof grace === 'number') d['gracePeriodSeconds'] = grace;
      const pre = msg(f, 2);
      if (pre) d['preconditions'] = { ...(str(pre, 1) ? { uid: str(pre, 1) } : {}), ...(str(pre, 2) ? { resourceVersion: str(pre, 2) } : {}) };
      if (f.get(3)) d['orphanDependents'] = f.get(3)!.at(-1) === 1;
      if (str(f, 4)) d['propagationPolicy'] = str(f, 4);
      if (strs(f, 5).length) d['dryRun'] = strs(f, 5);
      return d;
    }
    default:
      return refuse();
  }
  if (!isObject(out['metadata'])) out['metadata'] = {};
  return out;
}
