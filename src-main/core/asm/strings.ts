/**
 * NASM string literals. Single and double quotes take their contents verbatim; backquotes interpret C-style
 * escapes (\n \t \xHH \ooo \u \U ...). Text is encoded as UTF-8, as NASM reads its source as bytes.
 */

export function utf8(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    pushCodePoint(out, c);
  }
  return out;
}

function pushCodePoint(out: number[], c: number): void {
  if (c < 0x80) out.push(c);
  else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
  else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Decodes the inside of a backquoted string. */
export function decodeBackquoted(body: string): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch !== '\\') {
      const start = i;
      while (i < body.length && body[i] !== '\\') i++;
      for (const b of utf8(body.slice(start, i))) out.push(b);
      continue;
    }
    i++;
    const e = body[i];
    i++;
    switch (e) {
      case undefined: out.push(0x5c); break;
      case 'n': out.push(10); break;
      case 't': out.push(9); break;
      case 'r': out.push(13); break;
      case 'a': out.push(7); break;
      case 'b': out.push(8); break;
      case 'f': out.push(12); break;
      case 'v': out.push(11); break;
      case 'e': case 'E': out.push(27); break;
      case 'x': case 'X': {
        let v = 0;
        let n = 0;
        while (n < 2 && i < body.length && hexVal(body.charCodeAt(i)) >= 0) {
          v = v * 16 + hexVal(body.charCodeAt(i++));
          n++;
        }
        out.push(n ? v : 0x78);
        break;
      }
      case 'u': case 'U': {
        const max = e === 'u' ? 4 : 8;
        let v = 0;
        let n = 0;
        while (n < max && i < body.length && hexVal(body.charCodeAt(i)) >= 0) {
          v = v * 16 + hexVal(body.charCodeAt(i++));
          n++;
        }
        pushCodePoint(out, v);
        break;
      }
      default: {
        const c = e.charCodeAt(0);
        if (c >= 48 && c <= 55) {
          let v = c - 48;
          let n = 1;
          while (n < 3 && i < body.length && body.charCodeAt(i) >= 48 && body.charCodeAt(i) <= 55) {
            v = v * 8 + body.charCodeAt(i++) - 48;
            n++;
          }
          out.push(v & 0xff);
        } else {
          for (const b of utf8(e)) out.push(b);
        }
      }
    }
  }
  return out;
}

/** Bytes of a string token's body given its quote character. */
export function stringBytes(quote: string, body: string): number[] {
  return quote === '`' ? decodeBackquoted(body) : utf8(body);
}
