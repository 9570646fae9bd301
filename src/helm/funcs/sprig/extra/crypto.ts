// Sprig's crypto functions (crypto.go): keys, certificates, AES, bcrypt/htpasswd, derivePassword.
// Errors carry Sprig's texts; the steps run in Sprig's order so the first error is the same.
import { GoFuncError, type FuncMap, type GoValue } from '../../../../gotemplate/value.js';
import { formatValue } from '../../../../gotemplate/fmt.js';
import { int, list, str, wrongType } from './args.js';
import { SprigCertificate, createCertificate, parseCertificatePem } from './crypto/certs.js';
import { decryptAES, encryptAES } from './crypto/aes.js';
import { type PrivateKey, generatePrivateKey, generateRsa2048, parsePrivateKeyPem, privateKeyPem } from './crypto/keys.js';
import { bcrypt, derivePassword, htpasswd } from './crypto/passwords.js';
import { pemDecode } from './crypto/pem.js';
import { base64Decode } from './gobase.js';
import { parseIPForCert } from './goip.js';
import { bytesToString } from './encoding.js';
import type { ResolvedOptions } from './options.js';

export { SprigCertificate } from './crypto/certs.js';

/** Runs `f`, turning any failure into a template function error with Sprig's prefix. */
function goErr<T>(f: () => T, prefix = ''): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoFuncError) throw e;
    throw new GoFuncError(prefix + (e as Error).message);
  }
}

/** The executor has checked the type (param 'sprig.certificate'); this narrows it for TS. */
function certificateArg(v: GoValue): SprigCertificate {
  if (v instanceof SprigCertificate) return v;
  throw wrongType('sprig.certificate', v);
}

/** Sprig's getNetIPs and getAlternateDNSStrs. */
function sanLists(ips: GoValue, dns: GoValue): { ips: Uint8Array[]; dnsNames: string[] } {
  const ipBytes = (list(ips) ?? []).map((ip) => {
    if (typeof ip !== 'string') throw new GoFuncError(`error parsing ip: ${formatValue(ip)} is not a string`);
    const parsed = parseIPForCert(ip);
    if (!parsed) throw new GoFuncError(`error parsing ip: ${ip}`);
    return parsed;
  });
  const dnsNames = (list(dns) ?? []).map((d) => {
    if (typeof d !== 'string') throw new GoFuncError(`error processing alternate dns name: ${formatValue(d)} is not a string`);
    return d;
  });
  return { ips: ipBytes, dnsNames };
}

export function cryptoFuncs(o: ResolvedOptions): FuncMap {
  const rnd = o.randomBytes;
  const keyArg = (pem: GoValue): PrivateKey => goErr(() => parsePrivateKeyPem(str(pem)), 'parsing private key: ');

  const ca = (cn: GoValue, days: GoValue, key: PrivateKey): SprigCertificate =>
    goErr(
      () => createCertificate({ cn: str(cn), ips: [], dnsNames: [], daysValid: int(days), isCA: true, now: o.now() }, key, undefined, rnd),
      'error creating certificate: ',
    );

  const selfSigned = (cn: GoValue, ips: GoValue, dns: GoValue, days: GoValue, key: PrivateKey): SprigCertificate => {
    const san = sanLists(ips, dns);
    return goErr(
      () => createCertificate({ cn: str(cn), ...san, daysValid: int(days), isCA: false, now: o.now() }, key, undefined, rnd),
      'error creating certificate: ',
    );
  };

  const signed = (cn: GoValue, ips: GoValue, dns: GoValue, days: GoValue, caArg: GoValue, key: PrivateKey): SprigCertificate => {
    const caCert = certificateArg(caArg);
    const parent = goErr(() => parseCertificatePem(caCert.Cert, 'decodedSignerCert.Bytes'));
    const signerKey = goErr(() => parsePrivateKeyPem(caCert.Key), 'error parsing private key: ');
    const san = sanLists(ips, dns);
    return goErr(
      () => createCertificate({ cn: str(cn), ...san, daysValid: int(days), isCA: false, now: o.now() }, key, { cert: parent, key: signerKey }, rnd),
      'error creating certificate: ',
    );
  };

  const list_ = '[]interface {}' as const;
  return {
    genPrivateKey: {
      params: ['string'],
      fn: (typ) => {
        const key = generatePrivateKey(str(typ));
        return key ? privateKeyPem(key) : `Unknown type ${str(typ)}`;
      },
    },
    genCA: { params: ['string', 'int'], fn: (cn, days) => ca(cn, days, generateRsa2048()) },
    genCAWithKey: { params: ['string', 'int', 'string'], fn: (cn, days, pem) => ca(cn, days, keyArg(pem)) },
    genSelfSignedCert: {
      params: ['string', list_, list_, 'int'],
      fn: (cn, ips, dns, days) => selfSigned(cn, ips, dns, days, generateRsa2048()),
    },
    genSelfSignedCertWithKey: {
      params: ['string', list_, list_, 'int', 'string'],
      fn: (cn, ips, dns, days, pem) => selfSigned(cn, ips, dns, days, keyArg(pem)),
    },
    genSignedCert: {
      params: ['string', list_, list_, 'int', 'sprig.certificate'],
      fn: (cn, ips, dns, days, caArg) => signed(cn, ips, dns, days, caArg, generateRsa2048()),
    },
    genSignedCertWithKey: {
      params: ['string', list_, list_, 'int', 'sprig.certificate', 'string'],
      fn: (cn, ips, dns, days, caArg, pem) => signed(cn, ips, dns, days, caArg, keyArg(pem)),
    },
    buildCustomCert: {
      params: ['string', 'string'],
      fn: (b64cert, b64key) => {
        const decode = (v: GoValue, what: string): string => {
          try {
            return bytesToString(base64Decode(str(v)));
          } catch {
            throw new GoFuncError(`unable to decode base64 ${what}`);
          }
        };
        const cert = decode(b64cert, 'certificate');
        const key = decode(b64key, 'private key');
        if (!pemDecode(cert)) throw new GoFuncError('unable to decode certificate');
        goErr(() => parseCertificatePem(cert, 'decodedCert.Bytes'));
        goErr(() => parsePrivateKeyPem(key), 'error parsing private key: ');
        return new SprigCertificate(cert, key);
      },
    },
    encryptAES: { params: ['string', 'string'], fn: (password, text) => encryptAES(str(password), str(text), rnd) },
    decryptAES: { params: ['string', 'string'], fn: (password, crypt) => goErr(() => decryptAES(str(password), str(crypt))) },
    bcrypt: { params: ['string'], fn: (input) => bcrypt(str(input), rnd) },
    htpasswd: { params: ['string', 'string'], fn: (user, password) => htpasswd(str(user), str(password), rnd) },
    derivePassword: {
      params: ['uint32', 'string', 'string', 'string', 'string'],
      fn: (counter, typ, password, user, site) => derivePassword(int(counter), str(typ), str(password), str(user), str(site)),
    },
  };
}
