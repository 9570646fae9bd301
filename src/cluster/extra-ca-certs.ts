// NODE_EXTRA_CA_CERTS, loaded when a TLS connection needs it rather than when node starts.
//
// Node 20 builds its root certificate store at start-up whenever NODE_EXTRA_CA_CERTS is set:
// it parses Mozilla's bundled roots and every certificate of the file (a system bundle of ~140
// certificates: 50–100 ms of CPU), even for commands that open no TLS connection, such as
// `flux-ts template ./chart`. Go's crypto/x509 (helm, flux) loads system roots on first use.
// bin/flux-ts therefore hands the path over as FLUX_TS_EXTRA_CA_CERTS, and this module adds
// the certificates to the TLS contexts that use the default trust (no `ca` option), which is
// exactly where node itself would use them.
import { readFileSync } from 'node:fs';
import type { SecureContext, SecureContextOptions } from 'node:tls';
import { builtinModule } from '../runtime/builtin-module.js';

export const DEFERRED_EXTRA_CA_ENV = 'FLUX_TS_EXTRA_CA_CERTS';

/** The options tls.createSecureContext reads (node 20 docs); everything else is per connection. */
const CONTEXT_OPTIONS = [
  'cert', 'key', 'pfx', 'passphrase', 'sigalgs', 'ciphers', 'clientCertEngine', 'crl', 'dhparam', 'ecdhCurve',
  'honorCipherOrder', 'privateKeyEngine', 'privateKeyIdentifier', 'maxVersion', 'minVersion', 'secureOptions',
  'secureProtocol', 'sessionIdContext', 'ticketKeys', 'sessionTimeout',
] as const;

type TlsModule = { createSecureContext: (options?: SecureContextOptions) => SecureContext };
type NativeContext = { addCACert(pem: string): void };

/** The file adoptDeferredExtraCaCerts took over, until trustExtraCaCerts adds it. */
let deferred: string | undefined;

/**
 * Call first thing in a process started by bin/flux-ts (main thread) or in a worker thread of
 * one. In the main thread it puts NODE_EXTRA_CA_CERTS back for child processes (post-renderers,
 * git) unless node already loaded it itself, in which case there is nothing to defer.
 */
export function adoptDeferredExtraCaCerts(env: NodeJS.ProcessEnv = process.env, mainThread = true): void {
  const file = env[DEFERRED_EXTRA_CA_ENV];
  if (!file) return;
  if (mainThread) {
    if (env['NODE_EXTRA_CA_CERTS']) {
      delete env[DEFERRED_EXTRA_CA_ENV];
      return;
    }
    env['NODE_EXTRA_CA_CERTS'] = file;
  }
  deferred = file;
}

/**
 * Call before opening a TLS connection (every module that opens one does): the first call makes
 * default-trust contexts trust the adopted file. Not done at start-up because node's TLS module
 * is not in the start-up snapshot, and loading it costs ~3 ms that `template ./chart` never needs.
 */
export function trustExtraCaCerts(): void {
  const file = deferred;
  if (file === undefined) return;
  deferred = undefined;
  deferExtraCaCerts(builtinModule<TlsModule>('node:tls'), file);
}

/** Wraps tls.createSecureContext so that default-trust contexts also trust the file's certificates. */
export function deferExtraCaCerts(tls: TlsModule, file: string, warn: (line: string) => void = (l) => process.stderr.write(l)): void {
  const original = tls.createSecureContext;
  let pems: string[] | undefined;
  const certificates = (): string[] => {
    if (pems) return pems;
    try {
      pems = readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    } catch (e) {
      // node's own start-up warning for an unreadable file; the connection goes on without them.
      warn(`Warning: Ignoring extra certs from \`${file}\`, load failed: ${(e as Error).message}\n`);
      pems = [];
    }
    return pems;
  };
  // Parsing the certificates costs as much as node's start-up did: once per distinct set of
  // context options, not once per connection (tls.connect makes a context for each socket).
  const made = new Map<string, SecureContext>();
  tls.createSecureContext = function createSecureContext(options?: SecureContextOptions): SecureContext {
    if (options?.ca !== undefined) return original.call(tls, options);
    const key = contextKey(options);
    const cached = key === undefined ? undefined : made.get(key);
    if (cached) return cached;
    const context = original.call(tls, options);
    const native = (context as unknown as { context: NativeContext }).context;
    for (const pem of certificates()) native.addCACert(pem);
    if (key !== undefined) made.set(key, context);
    return context;
  };
}

/** A key for the context-shaping options; undefined when one of them cannot be keyed. */
function contextKey(options: SecureContextOptions | undefined): string | undefined {
  if (!options) return '';
  const parts: unknown[] = [];
  for (const name of CONTEXT_OPTIONS) {
    const v = (options as Record<string, unknown>)[name];
    if (v === undefined) continue;
    const keyed = keyable(v);
    if (keyed === undefined) return undefined;
    parts.push([name, keyed]);
  }
  return JSON.stringify(parts);
}

function keyable(v: unknown): unknown {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Buffer.isBuffer(v)) return `b64:${v.toString('base64')}`;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const k = keyable(item);
      if (k === undefined) return undefined;
      out.push(k);
    }
    return out;
  }
  if (v !== null && typeof v === 'object') {
    // {pem, passphrase} key objects
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const out: unknown[] = [];
    for (const [k, item] of entries) {
      const keyed = keyable(item);
      if (keyed === undefined) return undefined;
      out.push([k, keyed]);
    }
    return out;
  }
  return undefined;
}
