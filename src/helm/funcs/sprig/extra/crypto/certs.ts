// X.509 certificates shaped as Go's x509.CreateCertificate makes them from Sprig's template:
// v3, random 128-bit serial, CN-only subject (PrintableString when possible, else UTF8String),
// KeyUsage / ExtKeyUsage / BasicConstraints / SubjectKeyId (CAs, truncated SHA-256) /
// AuthorityKeyId / SubjectAltName in Go's order, signed with node:crypto.
import type {
  AlgorithmIdentifier,
  AttributeValue,
  Certificate as X509Certificate,
  Extension,
  KeyUsage,
  Name,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import { asn1, type Asn1 } from '../lazy-libs.js';

import { type KeyObject, createHash, createPublicKey, sign } from 'node:crypto';
import { quote } from '../../../../../gotemplate/quote.js';
import { GoStruct, type GoValue } from '../../../../../gotemplate/value.js';
import type { GoTime } from '../gotime/time.js';
import { type PrivateKey, privateKeyPem } from './keys.js';
import { pemDecode, pemEncode } from './pem.js';

/** Sprig's `certificate` struct: what genCA and friends return to templates. */
export class SprigCertificate extends GoStruct {
  readonly goType = 'sprig.certificate';

  constructor(
    public Cert: string,
    public Key: string,
  ) {
    super();
  }

  /** encoding/json of the struct: exported fields, no tags. */
  goJsonFields(): Array<[string, GoValue]> {
    return [
      ['Cert', this.Cert],
      ['Key', this.Key],
    ];
  }
}

export interface CertTemplate {
  cn: string;
  ips: Uint8Array[];
  dnsNames: string[];
  daysValid: number;
  isCA: boolean;
  now: GoTime;
}

/** The CA side of a signature: its certificate (undefined when self-signed) and key. */
export interface Signer {
  cert?: X509Certificate;
  key: PrivateKey;
}

// The ASN.1 libraries, loaded on first use (lazy-libs.ts).
let S: Asn1['schema'];
let X: Asn1['x509'];
function loadAsn(): void {
  ({ schema: S, x509: X } = asn1());
}

const NOT_A_SIGNER = 'x509: certificate private key does not implement crypto.Signer';
const NULL_PARAMS = Uint8Array.from([0x05, 0x00]).buffer;

/** Go's asn1 picks PrintableString when every byte is in its set, else UTF8String. */
function directoryString(s: string): AttributeValue {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s) ? new X.AttributeValue({ printableString: s }) : new X.AttributeValue({ utf8String: s });
}

function subjectName(cn: string): Name {
  if (cn === '') return new X.Name([]);
  return new X.Name([new X.RelativeDistinguishedName([new X.AttributeTypeAndValue({ type: '2.5.4.3', value: directoryString(cn) })])]);
}

function nodeKeyOf(k: PrivateKey): KeyObject {
  if (k.kind === 'dsa') throw new Error(NOT_A_SIGNER);
  const t = k.key.asymmetricKeyType;
  if (t !== 'rsa' && t !== 'ec' && t !== 'ed25519') throw new Error(NOT_A_SIGNER);
  return k.key;
}

/** Go 1.24+ refuses to sign with RSA keys under 1024 bits. */
function checkRsaSize(key: KeyObject): void {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType === 'rsa' && bits < 1024) {
    throw new Error(`crypto/rsa: ${bits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)`);
  }
}

function signatureAlgorithm(key: KeyObject): { alg: AlgorithmIdentifier; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { alg: new X.AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: NULL_PARAMS }), digest: 'sha256' };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'secp384r1') return { alg: new X.AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.3' }), digest: 'sha384' };
      if (curve === 'secp521r1') return { alg: new X.AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.4' }), digest: 'sha512' };
      return { alg: new X.AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' }), digest: 'sha256' };
    }
    default:
      return { alg: new X.AlgorithmIdentifier({ algorithm: '1.3.101.112' }), digest: null };
  }
}

function spkiDer(key: KeyObject): Uint8Array {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** RFC 7093 method 1, as Go 1.25 computes a missing SubjectKeyId: SHA-256 of the key bits, 160 bits kept. */
function subjectKeyId(spki: SubjectPublicKeyInfo): Uint8Array {
  return createHash('sha256').update(new Uint8Array(spki.subjectPublicKey)).digest().subarray(0, 20);
}

function randomSerial(randomBytes: (n: number) => Uint8Array): ArrayBuffer {
  // rand.Int(rand.Reader, 2^128), DER-encoded as a positive minimal INTEGER.
  let bytes = Array.from(randomBytes(16));
  while (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) bytes.shift();
  if (bytes[0]! & 0x80) bytes = [0, ...bytes];
  return Uint8Array.from(bytes).buffer;
}

function keyUsage(flags: number): KeyUsage {
  return new X.KeyUsage(flags);
}

function ia5(name: string): string {
  if (/[^\x00-\x7f]/.test(name)) throw new Error(`x509: ${quote(name)} cannot be encoded as an IA5String`);
  return name;
}

function equalBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  return Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)).equals(Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)));
}

/** Go's getCertAndKey: builds, signs and PEM-encodes the certificate and the subject key. */
export function createCertificate(
  tpl: CertTemplate,
  subjectKey: PrivateKey,
  signer: Signer | undefined,
  randomBytes: (n: number) => Uint8Array,
): SprigCertificate {
  loadAsn();
  // Go first requires a signing key, then a public key type it can marshal.
  const signerPriv = nodeKeyOf(signer ? signer.key : subjectKey);
  if (subjectKey.kind === 'dsa') throw new Error('x509: unsupported public key type: *dsa.PublicKey');
  const subjectPub = spkiDer(subjectKey.key);
  const spki = S.AsnConvert.parse(subjectPub, X.SubjectPublicKeyInfo);

  const subject = subjectName(tpl.cn);
  const subjectDer = S.AsnConvert.serialize(subject);
  const issuer = signer?.cert ? signer.cert.tbsCertificate.subject : subject;
  const issuerDer = S.AsnConvert.serialize(issuer);

  if (signer?.cert) {
    const caPub = S.AsnConvert.serialize(signer.cert.tbsCertificate.subjectPublicKeyInfo);
    if (!equalBytes(caPub, spkiDer(signerPriv))) throw new Error("x509: provided PrivateKey doesn't match parent's PublicKey");
  }

  const notBefore = new Date(tpl.now.sec * 1000);
  const notAfter = new Date((tpl.now.sec + tpl.daysValid * 86400) * 1000);
  const extensions: Extension[] = [];
  const usage = X.KeyUsageFlags.digitalSignature | X.KeyUsageFlags.keyEncipherment | (tpl.isCA ? X.KeyUsageFlags.keyCertSign : 0);
  extensions.push(new X.Extension({ extnID: X.id_ce_keyUsage, critical: true, extnValue: new S.OctetString(S.AsnConvert.serialize(keyUsage(usage))) }));
  extensions.push(
    new X.Extension({
      extnID: X.id_ce_extKeyUsage,
      critical: false,
      extnValue: new S.OctetString(S.AsnConvert.serialize(new X.ExtendedKeyUsage([X.id_kp_serverAuth, X.id_kp_clientAuth]))),
    }),
  );
  extensions.push(
    new X.Extension({
      extnID: X.id_ce_basicConstraints,
      critical: true,
      extnValue: new S.OctetString(S.AsnConvert.serialize(new X.BasicConstraints({ cA: tpl.isCA }))),
    }),
  );
  if (tpl.isCA) {
    const ski = new X.SubjectKeyIdentifier(subjectKeyId(spki));
    extensions.push(new X.Extension({ extnID: X.id_ce_subjectKeyIdentifier, critical: false, extnValue: new S.OctetString(S.AsnConvert.serialize(ski)) }));
  }
  // The parent's SubjectKeyId becomes the AuthorityKeyId unless issuer and subject are the same name.
  const parentSki = signer?.cert?.tbsCertificate.extensions?.find((e) => e.extnID === X.id_ce_subjectKeyIdentifier);
  if (parentSki && !equalBytes(issuerDer, subjectDer)) {
    const keyId = S.AsnConvert.parse(parentSki.extnValue.buffer, X.SubjectKeyIdentifier);
    const aki = new X.AuthorityKeyIdentifier({ keyIdentifier: new X.KeyIdentifier(keyId.buffer) });
    extensions.push(new X.Extension({ extnID: X.id_ce_authorityKeyIdentifier, critical: false, extnValue: new S.OctetString(S.AsnConvert.serialize(aki)) }));
  }
  if (tpl.dnsNames.length > 0 || tpl.ips.length > 0) {
    const names = [
      ...tpl.dnsNames.map((d) => new X.GeneralName({ dNSName: ia5(d) })),
      ...tpl.ips.map((ip) => new X.GeneralName({ iPAddress: ipText(ip) })),
    ];
    extensions.push(
      new X.Extension({
        extnID: X.id_ce_subjectAltName,
        critical: subjectDer.byteLength === 2,
        extnValue: new S.OctetString(S.AsnConvert.serialize(new X.SubjectAlternativeName(names))),
      }),
    );
  }

  const { alg, digest } = signatureAlgorithm(signerPriv);
  checkRsaSize(signerPriv);
  const tbs = new X.TBSCertificate({
    version: X.Version.v3,
    serialNumber: randomSerial(randomBytes),
    signature: alg,
    issuer,
    validity: new X.Validity({ notBefore, notAfter }),
    subject,
    subjectPublicKeyInfo: spki,
    extensions: new X.Extensions(extensions),
  });
  const tbsDer = new Uint8Array(S.AsnConvert.serialize(tbs));
  const signature = sign(digest, tbsDer, signerPriv.asymmetricKeyType === 'ec' ? { key: signerPriv, dsaEncoding: 'der' } : signerPriv);
  const cert = new X.Certificate({ tbsCertificate: tbs, signatureAlgorithm: alg, signatureValue: Uint8Array.from(signature).buffer });
  const certDer = new Uint8Array(S.AsnConvert.serialize(cert));
  return new SprigCertificate(pemEncode('CERTIFICATE', certDer), privateKeyPem(subjectKey));
}

/** The asn1-x509 IP converter takes text; Go's 4- or 16-byte form is kept by formatting it back. */
function ipText(ip: Uint8Array): string {
  if (ip.length === 4) return Array.from(ip).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
  return groups.join(':');
}

/** Parses a PEM certificate as Go's x509.ParseCertificate would accept it (structure only). */
export function parseCertificatePem(text: string, what: string): X509Certificate {
  loadAsn();
  const block = pemDecode(text);
  if (!block) throw new Error('unable to decode certificate');
  try {
    return S.AsnConvert.parse(block.bytes, X.Certificate);
  } catch {
    // Go's message for DER that does not parse as a certificate.
    throw new Error(`error parsing certificate: ${what}: x509: malformed certificate`);
  }
}
