// A .prov's clear-signed block split as go-crypto's clearsign.Decode splits it (the signature
// checks themselves are compared with helm in helm-cases.test.ts).
import { describe, expect, it } from 'vitest';
import { decodeClearsign } from '../../../src/helm/provenance/clearsign.js';
import { decodeBase64 } from '../../../src/helm/provenance/armor.js';

const armor = '-----BEGIN PGP SIGNATURE-----\n\nwsBcBAEBCAAQBQJ=\n-----END PGP SIGNATURE-----\n';
const message = (body: string, headers = 'Hash: SHA512\n'): Buffer => Buffer.from(`-----BEGIN PGP SIGNED MESSAGE-----\n${headers}\n${body}${armor}`);

describe('decodeClearsign', () => {
  it('signs the lines joined with CRLF, without dash escapes, trailing blanks or the last line end', () => {
    const block = decodeClearsign(message('name: x  \n- --- not a marker\n\t\nfiles: {}\n'))!;
    expect(block.signed.toString()).toBe('name: x\r\n--- not a marker\r\n\r\nfiles: {}');
    expect(block.plaintext.toString()).toBe('name: x\n--- not a marker\n\nfiles: {}');
    expect(block.signature.type).toBe('PGP SIGNATURE');
  });

  it('finds the block after other text, and reads CRLF files', () => {
    expect(decodeClearsign(Buffer.concat([Buffer.from('preamble\n'), message('a\n')]))?.signed.toString()).toBe('a');
    expect(decodeClearsign(Buffer.from(message('a\nb\n').toString().replace(/\n/g, '\r\n')))?.signed.toString()).toBe('a\r\nb');
  });

  it('accepts Hash and SaltedHash headers only', () => {
    expect(decodeClearsign(message('a\n', 'Hash: SHA256, SHA512\n'))).toBeDefined();
    expect(decodeClearsign(message('a\n', 'SaltedHash: SHA512:abc\n'))).toBeDefined();
    expect(decodeClearsign(message('a\n', 'Comment: hi\n'))).toBeUndefined();
    expect(decodeClearsign(message('a\n', 'Hash SHA512\n'))).toBeUndefined();
    expect(decodeClearsign(message('a\n', 'Hash: SHA512\u00e9\n'))).toBeUndefined();
  });

  it('finds no block without the markers', () => {
    expect(decodeClearsign(Buffer.from('name: x\n...\nfiles: {}\n'))).toBeUndefined();
    expect(decodeClearsign(Buffer.from(message('a\n').toString().replace('-----END PGP SIGNATURE-----', '')))).toBeUndefined();
    expect(decodeClearsign(Buffer.from(message('a\n').toString().replace('BEGIN PGP SIGNATURE', 'BEGIN PGP SIG')))).toBeUndefined();
  });
});

describe('armor base64', () => {
  it("uses encoding/base64's errors", () => {
    expect(() => decodeBase64('ab!d')).toThrow('illegal base64 data at input byte 2');
    expect(() => decodeBase64('abc')).toThrow('unexpected EOF');
    expect(() => decodeBase64('a===')).toThrow('illegal base64 data at input byte 1');
    expect(Buffer.from(decodeBase64('aGk=')).toString()).toBe('hi');
  });
});
