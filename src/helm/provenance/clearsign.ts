// A clear-signed message (RFC 4880 §7) found and split as go-crypto's clearsign.Decode does:
// the first "-----BEGIN PGP SIGNED MESSAGE-----" line, only `Hash:`/`SaltedHash:` headers
// (their values are not checked against the signature), the dash-escaped text up to the
// "-----BEGIN PGP SIGNATURE-----" line, then the armored signature. The signed bytes are the
// text's lines without dash escapes and trailing blanks, joined with CRLF, with no final line
// ending. Anything else is "no block": helm then says "signature block not found".
import { decodeArmor, type ArmorBlock } from './armor.js';

export interface ClearsignBlock {
  /** The text as it reads: lines joined with "\n", no final line ending. */
  plaintext: Buffer;
  /** What the signature covers. */
  signed: Buffer;
  signature: ArmorBlock;
}

const START = Buffer.from('\n-----BEGIN PGP SIGNED MESSAGE-----');
const SIGNATURE_BEGIN = '-----BEGIN PGP SIGNATURE-----';
const END = Buffer.from('\n-----END PGP SIGNATURE-----');

/** getLine: the first line (without "\n" or "\r\n") and what follows it. */
function getLine(data: Buffer): [Buffer, Buffer] {
  const nl = data.indexOf(0x0a);
  if (nl < 0) return [data, data.subarray(data.length)];
  const end = nl > 0 && data[nl - 1] === 0x0d ? nl - 1 : nl;
  return [data.subarray(0, end), data.subarray(nl + 1)];
}

function trimRightBlanks(line: Buffer): Buffer {
  let end = line.length;
  while (end > 0 && (line[end - 1] === 0x20 || line[end - 1] === 0x09)) end--;
  return line.subarray(0, end);
}

export function decodeClearsign(data: Buffer): ClearsignBlock | undefined {
  let rest: Buffer;
  if (data.subarray(0, START.length - 1).equals(START.subarray(1))) rest = data.subarray(START.length - 1);
  else {
    const i = data.indexOf(START);
    if (i < 0) return undefined;
    rest = data.subarray(i + START.length);
  }
  let line: Buffer;
  [line, rest] = getLine(rest);
  if (line.length !== 0) return undefined;

  for (;;) {
    if (rest.length === 0) return undefined;
    [line, rest] = getLine(rest);
    if (line.length === 0) break;
    if (line.some((c) => c < 0x20 || c > 0x7e)) return undefined;
    const text = line.toString('latin1');
    const colon = text.indexOf(':');
    if (colon < 0) return undefined;
    const key = text.slice(0, colon).trim();
    if (key !== 'Hash' && key !== 'SaltedHash') return undefined;
  }

  const signed: Buffer[] = [];
  const plaintext: Buffer[] = [];
  for (let first = true; ; first = false) {
    const lineStart = rest;
    [line, rest] = getLine(rest);
    if (line.length === 0 && rest.length === 0) return undefined;
    if (line.toString('latin1') === SIGNATURE_BEGIN) {
      rest = lineStart;
      break;
    }
    if (!first) signed.push(Buffer.from('\r\n'));
    if (line[0] === 0x2d && line[1] === 0x20) line = line.subarray(2);
    line = trimRightBlanks(line);
    signed.push(line);
    plaintext.push(line, Buffer.from('\n'));
  }

  const endAt = rest.indexOf(END);
  if (endAt < 0) return undefined;
  let i = endAt + END.length;
  while (i < rest.length && (rest[i] === 0x0d || rest[i] === 0x0a)) i++;
  const signature = decodeArmor(rest.subarray(0, i).toString('latin1'));
  if (signature === undefined) return undefined;
  // Without the last line's "\n" (helm's go-crypto drops it).
  const text = Buffer.concat(plaintext);
  return { plaintext: text.subarray(0, Math.max(0, text.length - 1)), signed: Buffer.concat(signed), signature };
}
