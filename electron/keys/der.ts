// A small, bounded DER reader used to look at a file's key-derivation parameters BEFORE any library
// is asked to derive a key. It never recurses deeper than MAX_DEPTH nor visits more than MAX_NODES,
// so a hostile file costs at most linear time here; anything it cannot read is left for the real
// parser to reject (this module only ever refuses files as too costly or too deeply nested).
import { AppError } from '../../shared/errors.js';
import { admitScrypt, admitWork, inFreshBudget, tooCostly } from './limits.js';

export interface Tlv {
  tag: number;
  constructed: boolean;
  start: number;
  contentStart: number;
  contentEnd: number;
  end: number;
}

const MAX_DEPTH = 40;
const MAX_NODES = 200_000;

/** One TLV at `offset`, or null when the bytes there are not well-formed definite-length DER. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) return null; // high tag numbers: not used by the formats we read
  let at = offset + 1;
  const first = bytes[at++] as number;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || at + count > limit) return null; // indefinite or absurd lengths
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[at++] as number);
  }
  if (at + length > limit) return null;
  return {
    tag,
    constructed: (tag & 0x20) !== 0,
    start: offset,
    contentStart: at,
    contentEnd: at + length,
    end: at + length,
  };
}

export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.contentEnd;) {
    const child = readTlv(bytes, at, parent.contentEnd);
    if (!child) break;
    out.push(child);
    at = child.end;
  }
  return out;
}

/** A non-negative INTEGER; Infinity when it is too long to be a sensible count. */
export function integerValue(bytes: Uint8Array, tlv: Tlv | undefined): number | null {
  if (!tlv || tlv.tag !== 0x02) return null;
  let value = 0;
  let at = tlv.contentStart;
  while (at < tlv.contentEnd && bytes[at] === 0) at++; // leading zero octets
  if (tlv.contentEnd - at > 6) return (bytes[tlv.contentStart] as number) & 0x80 ? null : Infinity;
  if ((bytes[tlv.contentStart] as number) & 0x80) return null; // negative
  for (; at < tlv.contentEnd; at++) value = value * 256 + (bytes[at] as number);
  return value;
}

export function oidText(bytes: Uint8Array, tlv: Tlv | undefined): string | null {
  if (!tlv || tlv.tag !== 0x06 || tlv.contentEnd - tlv.contentStart > 32 || tlv.contentEnd === tlv.contentStart)
    return null;
  const parts: number[] = [];
  let value = 0;
  for (let at = tlv.contentStart; at < tlv.contentEnd; at++) {
    const b = bytes[at] as number;
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  return [first < 80 ? Math.floor(first / 40) : 2, first < 80 ? first % 40 : first - 80, ...parts].join('.');
}

const PBKDF2 = '1.2.840.113549.1.5.12';
const SCRYPT = '1.3.6.1.4.1.11591.4.11';
const JCEKS_PBE = '1.3.6.1.4.1.42.2.19.1';
const PKCS12_PBE = /^1\.2\.840\.113549\.1\.12\.1\.[1-6]$/;
const PBES1 = /^1\.2\.840\.113549\.1\.5\.(1|3|4|6|10|11)$/;

/** An AlgorithmIdentifier naming a key derivation: check its parameters against the caps. */
function admitAlgorithm(bytes: Uint8Array, oid: string, params: Tlv | undefined): void {
  const fields = params && params.tag === 0x30 ? children(bytes, params) : [];
  if (oid === PBKDF2) {
    const iterations = integerValue(bytes, fields[1]);
    if (iterations !== null) admitWork('pbkdf2', iterations);
  } else if (oid === SCRYPT) {
    const [N, r, p] = [fields[1], fields[2], fields[3]].map((f) => integerValue(bytes, f));
    if (N != null && r != null && p != null) admitScrypt(N, r, p);
  } else if (oid === JCEKS_PBE) {
    const iterations = integerValue(bytes, fields[1]);
    if (iterations !== null) admitWork('jceks', iterations);
  } else if (PKCS12_PBE.test(oid)) {
    const iterations = integerValue(bytes, fields[1]);
    if (iterations !== null) admitWork('pkcs12', iterations);
  } else if (PBES1.test(oid)) {
    const iterations = integerValue(bytes, fields[1]);
    if (iterations !== null) admitWork('pbkdf2', iterations);
  }
}

/**
 * Walk every SEQUENCE, and every OCTET STRING that holds DER (PKCS#12 nests its contents that way),
 * and admit each key derivation found. For a PFX, its MacData iterations are checked too.
 */
export function admitVisibleWorkFactors(bytes: Uint8Array, options: { pfx?: boolean } = {}): void {
  // A budget of its own: the derivations themselves are charged to the file's budget when they run.
  inFreshBudget(() => walk(bytes, options));
}

function walk(bytes: Uint8Array, options: { pfx?: boolean }): void {
  const top = readTlv(bytes, 0);
  if (!top) return;
  if (options.pfx && top.tag === 0x30) {
    const macData = children(bytes, top)[2];
    if (macData && macData.tag === 0x30) {
      const iterations = integerValue(bytes, children(bytes, macData)[2]);
      if (iterations !== null) admitWork('pkcs12', iterations);
    }
  }
  let nodes = 0;
  const visit = (tlv: Tlv, depth: number): void => {
    if (++nodes > MAX_NODES) throw tooCostly('ASN.1 elements', nodes, MAX_NODES);
    if (depth > MAX_DEPTH) {
      throw new AppError(
        'KEY_FILE_CORRUPT',
        `The file's structure is nested deeper than ${MAX_DEPTH} levels, which no key file is.`,
        'The file is damaged or was not made by a keystore tool. Export the key or keystore again.',
      );
    }
    if (tlv.tag === 0x04) {
      const inner = readTlv(bytes, tlv.contentStart, tlv.contentEnd);
      if (inner && inner.tag === 0x30 && inner.end === tlv.contentEnd) visit(inner, depth + 1);
      return;
    }
    if (tlv.tag === 0x03 && bytes[tlv.contentStart] === 0) {
      // node-forge decodes a BIT STRING that holds DER as nested ASN.1: count those elements too, or a
      // few MB of them cost hundreds of MB of parser objects before any check sees them.
      const inner = readTlv(bytes, tlv.contentStart + 1, tlv.contentEnd);
      if (inner && inner.constructed && inner.end === tlv.contentEnd) visit(inner, depth + 1);
      return;
    }
    if (!tlv.constructed) return;
    const kids = children(bytes, tlv);
    if (tlv.tag === 0x30 && kids[0]?.tag === 0x06) {
      const oid = oidText(bytes, kids[0]);
      if (oid) admitAlgorithm(bytes, oid, kids[1]);
    }
    for (const kid of kids) visit(kid, depth + 1);
  };
  visit(top, 0);
}
