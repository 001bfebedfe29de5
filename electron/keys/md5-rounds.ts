// Iterated MD5 for Sun's JCEKS key protection: digest = MD5(digest || password), 200,000 times per
// half-key with keytool's defaults. One createHash() per round spends most of its time creating hash
// objects (measured: 0.46 s for 400,000 rounds). The input has the same length every round, so here
// the padded message lives in one reused buffer and MD5 (RFC 1321) runs over it in plain JS on
// 32-bit integers; only the 16 digest bytes change between rounds. See bench/engine.bench.ts.
import { createHash } from 'node:crypto';

const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const G = Uint8Array.from({ length: 64 }, (_, i) =>
  i < 16 ? i : i < 32 ? (5 * i + 1) % 16 : i < 48 ? (3 * i + 5) % 16 : (7 * i) % 16,
);

function compress(state: Int32Array, block: Uint8Array, offset: number, w: Int32Array): void {
  for (let i = 0, j = offset; i < 16; i++, j += 4) {
    w[i] =
      (block[j] as number) |
      ((block[j + 1] as number) << 8) |
      ((block[j + 2] as number) << 16) |
      ((block[j + 3] as number) << 24);
  }
  let a = state[0] as number,
    b = state[1] as number,
    c = state[2] as number,
    d = state[3] as number;
  for (let i = 0; i < 64; i++) {
    let f: number;
    if (i < 16) f = (b & c) | (~b & d);
    else if (i < 32) f = (d & b) | (~d & c);
    else if (i < 48) f = b ^ c ^ d;
    else f = c ^ (b | ~d);
    const s = S[(i >> 4) * 4 + (i & 3)] as number;
    const t = (a + f + (K[i] as number) + (w[G[i] as number] as number)) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((t << s) | (t >>> (32 - s)))) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
}

/**
 * `rounds` times: digest = MD5(digest || suffix), starting from MD5(first || suffix).
 * `onProgress` is called every `every` rounds (JCEKS in-thread yields to the event loop there).
 */
export async function iteratedMd5(
  first: Buffer,
  suffix: Buffer,
  rounds: number,
  every = 50_000,
  onProgress?: () => Promise<void>,
): Promise<Buffer> {
  let digest = createHash('md5').update(first).update(suffix).digest();
  if (rounds <= 1) return digest;
  const length = 16 + suffix.length;
  const padded = Math.ceil((length + 9) / 64) * 64;
  const message = new Uint8Array(padded);
  message.set(suffix, 16);
  message[length] = 0x80;
  const bits = length * 8;
  for (let i = 0; i < 4; i++) message[padded - 8 + i] = (bits >>> (8 * i)) & 0xff;
  const state = new Int32Array(4);
  const w = new Int32Array(16);
  message.set(digest, 0);
  for (let round = 1; round < rounds; round++) {
    state[0] = 0x67452301;
    state[1] = 0xefcdab89 | 0;
    state[2] = 0x98badcfe | 0;
    state[3] = 0x10325476;
    for (let offset = 0; offset < padded; offset += 64) compress(state, message, offset, w);
    for (let i = 0; i < 4; i++) {
      const v = state[i] as number;
      message[i * 4] = v & 0xff;
      message[i * 4 + 1] = (v >>> 8) & 0xff;
      message[i * 4 + 2] = (v >>> 16) & 0xff;
      message[i * 4 + 3] = (v >>> 24) & 0xff;
    }
    if (onProgress && round % every === 0) await onProgress();
  }
  digest = Buffer.from(message.subarray(0, 16));
  return digest;
}
