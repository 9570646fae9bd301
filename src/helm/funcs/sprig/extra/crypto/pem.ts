// Go's encoding/pem: Encode (64-column base64 body) and Decode (first well-formed block in the text).

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

const BLOCK = /(?:^|\n)-----BEGIN ([^\r\n]*?)-----[ \t\r]*\n([\s\S]*?)(?<=\n)-----END \1-----/g;

/** pem.Decode: the first block whose body is valid base64 (headers allowed, as Go skips them). */
export function pemDecode(text: string): PemBlock | undefined {
  BLOCK.lastIndex = 0;
  for (let m = BLOCK.exec(text); m; m = BLOCK.exec(text)) {
    let body = m[2]!;
    // Optional RFC 1421 headers end at the first blank line.
    if (/^[^\n]*:/.test(body)) {
      const blank = body.search(/\n[ \t\r]*\n/);
      if (blank < 0) continue;
      body = body.slice(blank + 1);
    }
    const compact = body.replace(/[ \t\r\n]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) continue;
    return { type: m[1]!, bytes: Uint8Array.from(Buffer.from(compact, 'base64')) };
  }
  return undefined;
}
