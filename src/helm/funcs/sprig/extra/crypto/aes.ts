// Sprig's encryptAES/decryptAES: AES-256-CBC, key = the password's bytes zero-padded or cut to
// 32, random IV prepended, PKCS#7 padding, standard base64. Failures inside Go's decryption are
// runtime panics; we report the same texts.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { base64Decode, base64Encode } from '../gobase.js';

function keyOf(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

export function encryptAES(password: string, plaintext: string, randomBytes: (n: number) => Uint8Array): string {
  if (plaintext === '') return '';
  const content = Buffer.from(plaintext, 'utf8');
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = Buffer.from(randomBytes(16));
  const cipher = createCipheriv('aes-256-cbc', keyOf(password), iv).setAutoPadding(false);
  return base64Encode(Buffer.concat([iv, cipher.update(padded), cipher.final()]));
}

export function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const crypt = Buffer.from(base64Decode(crypt64));
  // Go slices the decode buffer, whose capacity is DecodedLen of the input, not the decoded length.
  const capacity = Math.floor(Buffer.byteLength(crypt64, 'utf8') / 4) * 3;
  if (crypt.length < 16) throw new Error(`runtime error: slice bounds out of range [:16] with capacity ${capacity}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', keyOf(password), crypt.subarray(0, 16)).setAutoPadding(false);
  const decrypted = Buffer.concat([decipher.update(body), decipher.final()]);
  if (decrypted.length === 0) throw new Error('runtime error: index out of range [-1]');
  const end = decrypted.length - decrypted[decrypted.length - 1]!;
  if (end < 0) throw new Error(`runtime error: slice bounds out of range [:${end}]`);
  return decrypted.subarray(0, end).toString('utf8');
}
