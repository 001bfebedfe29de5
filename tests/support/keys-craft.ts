// Crafting hostile key files from the real fixtures: re-encode DER with chosen INTEGERs changed
// (iteration counts, scrypt parameters, MAC iterations), inside PEM too. Used by the hardening tests
// and by the fuzzer (scripts/fuzz.ts).
import { children, readTlv, type Tlv } from '../../electron/keys/der.js';

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function encodeInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let body = Buffer.from(hex, 'hex');
  if ((body[0] as number) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02]), encodeLength(body.length), body]);
}

/**
 * Re-encode DER with every INTEGER for which `replace` answers a value changed to it (lengths fixed
 * up all the way to the top, through OCTET STRINGs that hold DER, as PKCS#12 nests its contents).
 * Used to craft files that ask for huge iteration counts, scrypt costs or MAC iterations.
 */
export function rewriteIntegers(bytes: Buffer, replace: (value: bigint, path: number[]) => bigint | undefined): Buffer {
  const top = readTlv(bytes, 0);
  if (!top) return bytes;
  const rebuild = (tlv: Tlv, path: number[]): Buffer => {
    const whole = bytes.subarray(tlv.start, tlv.end);
    if (tlv.tag === 0x02 && tlv.contentEnd - tlv.contentStart <= 16) {
      const value = BigInt(`0x${bytes.subarray(tlv.contentStart, tlv.contentEnd).toString('hex') || '0'}`);
      const next = replace(value, path);
      return next === undefined ? whole : encodeInteger(next);
    }
    let content: Buffer | null = null;
    if (tlv.tag === 0x04) {
      const inner = readTlv(bytes, tlv.contentStart, tlv.contentEnd);
      if (inner && inner.tag === 0x30 && inner.end === tlv.contentEnd) content = rebuild(inner, [...path, 0]);
    } else if (tlv.constructed) {
      const kids = children(bytes, tlv);
      const covered = kids.length
        ? (kids[kids.length - 1] as Tlv).end === tlv.contentEnd
        : tlv.contentStart === tlv.contentEnd;
      if (covered) content = Buffer.concat(kids.map((kid, i) => rebuild(kid, [...path, i])));
    }
    if (!content) return whole;
    return Buffer.concat([Buffer.from([tlv.tag]), encodeLength(content.length), content]);
  };
  return Buffer.concat([rebuild(top, []), bytes.subarray(top.end)]);
}

/** Apply `edit` to each PEM block's DER (base64 body), keeping the rest of the text. */
export function editPemDer(text: string, edit: (der: Buffer) => Buffer): string {
  return text.replace(
    /(-----BEGIN ([A-Z0-9 ]+)-----\r?\n)((?:[A-Za-z0-9+/=]+\r?\n)+)(-----END \2-----)/g,
    (_m, begin: string, _l, body: string, end: string) =>
      `${begin}${edit(Buffer.from(body.replace(/\s+/g, ''), 'base64'))
        .toString('base64')
        .replace(/.{64}/g, '$&\n')
        .replace(/\n?$/, '\n')}${end}`,
  );
}
