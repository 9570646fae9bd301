// ASCII armor (RFC 4880 §6.2) decoded as go-crypto's armor.Decode decodes it: leading garbage
// skipped, `Key: Value` headers up to a blank line (a line without ':' restarts the search for
// a BEGIN line), then base64 lines up to an `-----END ` line or a 5-character `=XXXX` checksum
// line, which is not checked. Lines longer than 96 characters are corrupt.
import { OpenPgpError, structural, unexpectedEof } from './errors.js';

export interface ArmorBlock {
  type: string;
  headers: Record<string, string>;
  /** Decodes the body; throws what reading go-crypto's Block.Body would return. */
  body(): Uint8Array;
}

const BEGIN = '-----BEGIN ';
const END_OF_LINE = '-----';
/** go-crypto reads armor through a 100-byte bufio.Reader: longer lines come in pieces. */
const READ_BUFFER = 100;

/** bufio.Reader.ReadLine: a line without its "\n" or "\r\n", split when longer than the buffer. */
class LineReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** [line, isPrefix] or undefined at the end. */
  readLine(): [string, boolean] | undefined {
    if (this.pos >= this.text.length) return undefined;
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl < 0 ? this.text.length : nl;
    if (end - this.pos > READ_BUFFER) {
      const piece = this.text.slice(this.pos, this.pos + READ_BUFFER);
      this.pos += READ_BUFFER;
      return [piece, true];
    }
    let line = this.text.slice(this.pos, end);
    this.pos = nl < 0 ? this.text.length : nl + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    return [line, false];
  }
}

/** The armored block in text, or undefined where armor.Decode returns an error. */
export function decodeArmor(text: string): ArmorBlock | undefined {
  const r = new LineReader(text);
  let ignoreNext = false;
  for (;;) {
    // Skip leading garbage up to a BEGIN line.
    let type: string | undefined;
    while (type === undefined) {
      const ignoreThis = ignoreNext;
      const read = r.readLine();
      if (read === undefined) return undefined;
      ignoreNext = read[1];
      if (ignoreNext || ignoreThis) continue;
      const line = read[0].trim();
      if (line.length > BEGIN.length + END_OF_LINE.length && line.startsWith(BEGIN)) type = line.slice(BEGIN.length, line.length - END_OF_LINE.length);
    }
    const headers: Record<string, string> = {};
    let continuation = false;
    let lastKey = '';
    let restart = false;
    for (;;) {
      const isContinuation = continuation;
      const read = r.readLine();
      if (read === undefined) return undefined;
      continuation = read[1];
      if (isContinuation) {
        headers[lastKey] += read[0];
        continue;
      }
      const line = read[0].trim();
      if (line === '') break;
      const colon = line.indexOf(':');
      if (colon < 0) {
        restart = true;
        break;
      }
      lastKey = line.slice(0, colon);
      headers[lastKey] = line.length > colon + 2 ? line.slice(colon + 2) : '';
    }
    if (restart) continue;
    return { type, headers, body: () => decodeBody(r) };
  }
}

/** The base64 lines of the body, decoded (Go's base64.StdEncoding over the joined lines). */
function decodeBody(r: LineReader): Uint8Array {
  let data = '';
  const lineStarts: number[] = [];
  for (;;) {
    const read = r.readLine();
    if (read === undefined) break;
    const [line, isPrefix] = read;
    if (isPrefix) throw structural('armor invalid');
    if (line.startsWith('-----END ')) break;
    if (line.length === 5 && line[0] === '=') break;
    if (line.length > 96) throw structural('armor invalid');
    lineStarts.push(data.length);
    data += line;
  }
  try {
    return decodeBase64(data);
  } catch (e) {
    const at = e instanceof OpenPgpError ? /input byte (\d+)$/.exec(e.message) : null;
    if (at === null) throw e;
    throw new OpenPgpError('other', `illegal base64 data at input byte ${chunkOffset(Number(at[1]), lineStarts)}`);
  }
}

/**
 * Go's streaming base64 decoder counts the offset of a bad character from the start of the
 * chunk it was decoding. The armor reader hands over at most one line per read, and the packet
 * reader starts with two small reads (4 characters each), so the offset is the position in the
 * line, less 4 or 8 on the first line. (Matches helm on the fixtures in
 * test/fixtures/provenance; other read patterns may chunk differently.)
 */
function chunkOffset(offset: number, lineStarts: readonly number[]): number {
  let line = 0;
  while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
  const inLine = offset - (lineStarts[line] ?? 0);
  if (line > 0) return inLine;
  return inLine < 8 ? inLine % 4 : inLine - 8;
}

const ALPHABET = /[A-Za-z0-9+/]/;

/** Strict standard base64 with padding, with encoding/base64's error texts. */
export function decodeBase64(data: string): Uint8Array {
  let end = data.length;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === '\r' || c === '\n') continue;
    if (c === '=') {
      // Padding only closes a quantum: one or two '=' at a 4-character boundary's end.
      const quantum = i % 4;
      const pad = data.slice(i).replace(/=+$/, '') === '' ? data.length - i : -1;
      if (quantum < 2 || pad < 0 || quantum + pad !== 4) throw new OpenPgpError('other', `illegal base64 data at input byte ${i}`);
      end = i;
      break;
    }
    if (!ALPHABET.test(c)) throw new OpenPgpError('other', `illegal base64 data at input byte ${i}`);
  }
  // A trailing partial quantum means the data was cut short.
  if (end === data.length && data.length % 4 !== 0) throw unexpectedEof();
  return new Uint8Array(Buffer.from(data, 'base64'));
}
