// Keys, certificates, AES and bcrypt interoperate with what helm (Go's Sprig) makes: helm's keys
// re-encode byte for byte, our certificates have the shape of helm's and verify against helm's
// CA, and ciphertexts and hashes cross in both directions.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import bcryptjs from 'bcryptjs';
import { execFileSync } from 'node:child_process';
import { type KeyObject, X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type GoValue } from '../../../../../src/gotemplate/value.js';
import { SprigCertificate, extraFuncs } from '../../../../../src/helm/funcs/sprig/extra/index.js';
import { parsePrivateKeyPem, privateKeyPem } from '../../../../../src/helm/funcs/sprig/extra/crypto/keys.js';
import { pemDecode } from '../../../../../src/helm/funcs/sprig/extra/crypto/pem.js';
import { helmBin } from '../../../../support/tools.js';
import { FIXTURES } from './cases.js';

const funcs = extraFuncs({ tz: 'UTC' });
const call = (name: string, ...args: GoValue[]): GoValue => funcs[name]!.fn(...args);
const artifact = (name: string): string => readFileSync(join(FIXTURES, 'artifacts', name), 'utf8');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** What must match between two certificates made from the same inputs (not serial, keys, signature, times). */
function shape(pem: string) {
  const cert = AsnConvert.parse(pemDecode(pem)!.bytes, Certificate);
  const tbs = cert.tbsCertificate;
  const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');
  const validity = tbs.validity.notAfter.getTime().getTime() - tbs.validity.notBefore.getTime().getTime();
  return {
    version: tbs.version,
    signature: tbs.signature.algorithm,
    outerSignature: cert.signatureAlgorithm.algorithm,
    issuer: hex(AsnConvert.serialize(tbs.issuer)),
    subject: hex(AsnConvert.serialize(tbs.subject)),
    keyAlgorithm: tbs.subjectPublicKeyInfo.algorithm.algorithm,
    validityDays: validity / 86_400_000,
    serialBytes: tbs.serialNumber.byteLength <= 17,
    // Key identifiers depend on the key; the rest of each extension must be identical.
    extensions: (tbs.extensions ?? []).map((e) => ({
      id: e.extnID,
      critical: e.critical,
      value: e.extnID === '2.5.29.14' ? 'ski' : hex(e.extnValue.buffer),
    })),
  };
}

describe('private keys', () => {
  for (const name of ['rsa.key', 'ecdsa.key', 'ed25519.key', 'dsa.key']) {
    it(`helm's ${name} parses and re-encodes byte for byte`, () => {
      const pem = artifact(name);
      expect(privateKeyPem(parsePrivateKeyPem(pem))).toBe(pem);
    });
  }

  // RSA-4096 generation takes seconds and varies a lot on a busy machine: one key per type.
  it('genPrivateKey "rsa" and "" emit 4096-bit PKCS#1 keys', { timeout: 240_000 }, () => {
    for (const typ of ['rsa', '']) {
      const rsa = call('genPrivateKey', typ) as string;
      expect(rsa).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
      expect(createPrivateKey(rsa).asymmetricKeyDetails?.modulusLength).toBe(4096);
    }
  });

  it('genPrivateKey "ecdsa" and "ed25519" emit SEC1 P-256 and PKCS#8 keys', () => {
    const ec = call('genPrivateKey', 'ecdsa') as string;
    expect(ec).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(createPrivateKey(ec).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const ed = call('genPrivateKey', 'ed25519') as string;
    expect(ed).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(createPrivateKey(ed).asymmetricKeyType).toBe('ed25519');
    expect(ed.length).toBe(artifact('ed25519.key').length);
  });

  it('a DSA key is OpenSSL-readable and cannot sign a certificate, as in Go', { timeout: 120_000 }, () => {
    const dsa = call('genPrivateKey', 'dsa') as string;
    expect(dsa).toMatch(/^-----BEGIN DSA PRIVATE KEY-----\n/);
    const key = createPrivateKey(dsa);
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, divisorLength: 256 });
    expect(() => call('genCAWithKey', 'x', 1n, dsa)).toThrow(
      'error creating certificate: x509: certificate private key does not implement crypto.Signer',
    );
  });
});

describe('certificates', () => {
  const helmCa = new SprigCertificate(artifact('ca.crt'), artifact('ca.key'));

  it("helm's server certificate verifies against helm's CA with node", () => {
    const ca = new X509Certificate(artifact('ca.crt'));
    const server = new X509Certificate(artifact('server.crt'));
    expect(server.verify(ca.publicKey)).toBe(true);
  });

  it("genSignedCert with helm's CA has the shape of helm's own and verifies against it", () => {
    const ours = call('genSignedCert', 'server', ['10.0.0.1', '::1'], ['server.example', 'localhost'], 30n, helmCa) as SprigCertificate;
    expect(shape(ours.Cert)).toEqual(shape(artifact('server.crt')));
    const ca = new X509Certificate(artifact('ca.crt'));
    const cert = new X509Certificate(ours.Cert);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.checkHost('server.example')).toBe('server.example');
    expect(cert.checkIP('10.0.0.1')).toBe('10.0.0.1');
    expect(ours.Key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
    expect(spki(cert.publicKey).equals(spki(createPublicKey(ours.Key)))).toBe(true);
  });

  it('genCA has the shape of helm genCA', () => {
    const ours = call('genCA', 'fixture-ca', 365n) as SprigCertificate;
    expect(shape(ours.Cert)).toEqual(shape(artifact('ca.crt')));
    const cert = new X509Certificate(ours.Cert);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('an ed25519 leaf signed by an ECDSA CA matches helm and verifies', () => {
    const ecCa = new SprigCertificate(artifact('ec-ca.crt'), artifact('ec-ca.key'));
    const ours = call('genSignedCertWithKey', 'ed-leaf', null, ['ed.example'], 30n, ecCa, call('genPrivateKey', 'ed25519')) as SprigCertificate;
    expect(shape(ours.Cert)).toEqual(shape(artifact('ed-leaf.crt')));
    expect(new X509Certificate(ours.Cert).verify(new X509Certificate(artifact('ec-ca.crt')).publicKey)).toBe(true);
    expect(ours.Key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('genCAWithKey on an ECDSA key matches helm', () => {
    const ours = call('genCAWithKey', 'ec-ca', 365n, call('genPrivateKey', 'ecdsa')) as SprigCertificate;
    expect(shape(ours.Cert)).toEqual(shape(artifact('ec-ca.crt')));
  });

  it('ECDSA signers pick the digest of their curve, as Go does', () => {
    for (const [curve, oid] of [
      ['secp384r1', '1.2.840.10045.4.3.3'],
      ['secp521r1', '1.2.840.10045.4.3.4'],
    ] as const) {
      const key = generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
      const ours = call('genCAWithKey', curve, 1n, key) as SprigCertificate;
      expect(shape(ours.Cert).signature).toBe(oid);
      expect(ours.Key).toBe(key);
      const cert = new X509Certificate(ours.Cert);
      expect(cert.verify(cert.publicKey)).toBe(true);
    }
  });

  it('a self-signed certificate with an empty subject marks its SANs critical, as helm does', () => {
    const ours = call('genSelfSignedCert', '', ['192.168.1.1'], ['self.example'], 10n) as SprigCertificate;
    expect(shape(ours.Cert)).toEqual(shape(artifact('self-signed.crt')));
  });

  it('genSelfSignedCertWithKey keeps the given key', () => {
    const key = call('genPrivateKey', 'ecdsa') as string;
    const ours = call('genSelfSignedCertWithKey', 'me', null, null, 1n, key) as SprigCertificate;
    expect(ours.Key).toBe(key);
    const cert = new X509Certificate(ours.Cert);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('our certificates are accepted by openssl', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sprig-certs-'));
    try {
      const ca = call('genCA', 'openssl-ca', 10n) as SprigCertificate;
      const leaf = call('genSignedCert', 'leaf', ['127.0.0.1'], ['leaf.test'], 10n, ca) as SprigCertificate;
      writeFileSync(join(dir, 'ca.pem'), ca.Cert);
      writeFileSync(join(dir, 'leaf.pem'), leaf.Cert);
      const text = execFileSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-noout', '-text'], { encoding: 'utf8' });
      expect(text).toContain('Subject: CN = leaf');
      expect(text).toContain('DNS:leaf.test, IP Address:127.0.0.1');
      const verify = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')], { encoding: 'utf8' });
      expect(verify.trim()).toBe(`${join(dir, 'leaf.pem')}: OK`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('buildCustomCert accepts helm-made PEM and returns it unchanged', () => {
    const built = call('buildCustomCert', b64(artifact('server.crt')), b64(artifact('server.key'))) as SprigCertificate;
    expect(built.Cert).toBe(artifact('server.crt'));
    expect(built.Key).toBe(artifact('server.key'));
    expect(() => call('buildCustomCert', '!!', '')).toThrow('unable to decode base64 certificate');
    expect(() => call('buildCustomCert', b64(artifact('server.crt')), '!!')).toThrow('unable to decode base64 private key');
    expect(() => call('buildCustomCert', b64('nope'), b64('nope'))).toThrow('unable to decode certificate');
    expect(() => call('buildCustomCert', b64(artifact('server.crt')), b64('nope'))).toThrow('error parsing private key: no PEM data in input');
  });

  it("signing with a key that is not the CA's is refused, as Go refuses it", () => {
    const mismatched = new SprigCertificate(artifact('ca.crt'), artifact('server.key'));
    expect(() => call('genSignedCert', 'x', null, null, 1n, mismatched)).toThrow(
      "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey",
    );
  });

  it('a value that is not a certificate struct is a type error', () => {
    expect(() => call('genSignedCert', 'x', null, null, 1n, { Cert: 'a', Key: 'b' })).toThrow(
      'wrong type for value; expected sprig.certificate; got map[string]interface {}',
    );
  });
});

describe('AES', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("decrypts helm's ciphertexts", () => {
    expect(call('decryptAES', 'secretkey', artifact('aes.txt'))).toBe('hello world, from helm');
    expect(call('decryptAES', '0123456789012345678901234567890123456789', artifact('aes-long-password.txt'))).toBe('exactly16bytes!!');
  });

  it('helm decrypts ours', () => {
    const chart = mkdtempSync(join(tmpdir(), 'sprig-aes-'));
    dirs.push(chart);
    mkdirSync(join(chart, 'templates'));
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: aes\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), '# plain {{ decryptAES "k€y" .Values.ct | b64enc }}\n');
    for (const plain of ['hello', 'sixteen bytes!!!', 'ünïcödé and more than one block of text']) {
      const ct = call('encryptAES', 'k€y', plain) as string;
      expect(Buffer.from(ct, 'base64').length % 16).toBe(0);
      const out = execFileSync(helmBin, ['template', 'x', chart, '--set-string', `ct=${ct}`], { encoding: 'utf8' });
      const line = out.split('\n').find((l) => l.startsWith('# plain '))!;
      expect(Buffer.from(line.slice('# plain '.length), 'base64').toString('utf8')).toBe(plain);
    }
  });

  it('uses a fresh IV each time', () => {
    expect(call('encryptAES', 'k', 'same')).not.toBe(call('encryptAES', 'k', 'same'));
  });
});

describe('bcrypt and htpasswd', () => {
  it("verifies helm's hashes", () => {
    const [user, hash] = artifact('htpasswd.txt').split(':') as [string, string];
    expect(user).toBe('admin');
    expect(bcryptjs.compareSync('s3cret', hash)).toBe(true);
    expect(bcryptjs.compareSync('pässword', artifact('bcrypt.txt'))).toBe(true);
  });

  it('writes $2a$ cost-10 hashes as Go does', () => {
    const line = call('htpasswd', 'admin', 's3cret') as string;
    expect(line).toMatch(/^admin:\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptjs.compareSync('s3cret', line.slice('admin:'.length))).toBe(true);
    const hash = call('bcrypt', 'pässword') as string;
    expect(hash).toMatch(/^\$2a\$10\$/);
    expect(bcryptjs.compareSync('pässword', hash)).toBe(true);
  });
});
