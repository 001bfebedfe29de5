// The export file's keys and signature: one PBKDF2-SHA256 key split by HKDF into subkeys for the
// encryption, the MAC and a passphrase check; the MAC covers a canonical serialisation of the
// document, so a file re-indented or with its keys reordered still verifies, and an edited one does not.
import { createHmac, hkdfSync, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { CHUNK, nextTurn } from './export-file-format.js';

const pbkdf2Async = promisify(pbkdf2);

/** On libuv's thread pool: 600,000 rounds would otherwise hold the main process (and the window) for ~0.1 s. */
export function deriveKey(passphrase: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return pbkdf2Async(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, iterations, 32, 'sha256');
}

interface Subkeys {
  enc: Buffer;
  mac: Buffer;
  check: Buffer;
}

export async function subkeys(passphrase: string, salt: Buffer, iterations: number): Promise<Subkeys> {
  const master = await deriveKey(passphrase, salt, iterations);
  const sub = (info: string) => Buffer.from(hkdfSync('sha256', master, salt, `jwt-connect export v2 ${info}`, 32));
  return { enc: sub('encryption'), mac: sub('mac'), check: sub('check') };
}

/** JSON with object keys sorted at every level: the bytes the MAC covers, whatever the file's layout. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    // Keys holding undefined are left out, as JSON.stringify (which writes the file) leaves them out.
    const obj = value as Record<string, unknown>;
    const entries = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * HMAC of canonicalJson(document with auth.mac left out), fed in pieces: the connections array is
 * serialised a chunk at a time, yielding between chunks, so 10,000 connections do not hold the loop.
 */
export async function macOf(doc: Record<string, unknown>, key: Buffer): Promise<Buffer> {
  const { auth, ...rest } = doc as { auth?: Record<string, unknown> };
  const { mac: _mac, ...authParams } = auth ?? {};
  const whole: Record<string, unknown> = { ...rest, auth: authParams };
  const hmac = createHmac('sha256', key);
  const keys = Object.keys(whole)
    .filter((k) => whole[k] !== undefined)
    .sort();
  hmac.update('{');
  for (const [i, k] of keys.entries()) {
    hmac.update(`${i ? ',' : ''}${JSON.stringify(k)}:`);
    const value = whole[k];
    if (!Array.isArray(value)) {
      hmac.update(canonicalJson(value));
      continue;
    }
    hmac.update('[');
    for (let start = 0; start < value.length; start += CHUNK) {
      hmac.update(
        `${start ? ',' : ''}${value
          .slice(start, start + CHUNK)
          .map(canonicalJson)
          .join(',')}`,
      );
      await nextTurn();
    }
    hmac.update(']');
  }
  hmac.update('}');
  return hmac.digest();
}
