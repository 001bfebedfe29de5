// npm run fuzz -- [--seed N] [--count N] [--time-limit MS]
// A seeded, bounded mutation fuzzer of the key-file loader over the project's own fixtures (made by
// OpenSSL and keytool). Each case mutates one fixture (bit flips, truncation, byte insert/delete,
// DER length edits, splices from other fixtures, iteration-count inflation, PEM line games) and runs
// inspect + load in the key worker with a per-case time limit. It reports:
//   crashes     anything but an AppError with a hint, or code INTERNAL
//   unanticipated  AppErrors produced by the safety net in typed-errors.ts (a reader missed a case)
//   hangs       cases stopped by the time limit
//   leaks       messages carrying raw file bytes (control characters, U+FFFD) or absurd lengths
// The same seed gives the same cases. tests/integration/fuzz.test.ts runs a few hundred inside npm test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../shared/errors.js';
import { KeyWorkerClient } from '../electron/keys/key-worker-client.js';
import type { KeySource } from '../electron/keys/load.js';
import { editPemDer, rewriteIntegers } from '../tests/support/keys-craft.js';

const FIXTURES = join(import.meta.dirname, '..', 'tests', 'fixtures', 'keys');

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seed {
  name: string;
  bytes: Buffer;
  options: Omit<KeySource, 'bytes'>;
}

export function seeds(): Seed[] {
  return readdirSync(FIXTURES)
    .sort()
    .map((name) => ({
      name,
      bytes: readFileSync(join(FIXTURES, name)),
      options: {
        storePassword: name.includes('unicode') ? 'pässwörd€' : 'storepass',
        passphrase: 'passphrase',
        ...(name === 'multi.jks' && { alias: 'app', keyPassword: 'keypass' }),
      },
    }))
    .filter((s) => s.bytes.length > 0);
}

type Mutation = (bytes: Buffer, r: () => number, pick: (n: number) => number, others: Seed[]) => Buffer;

const isPem = (b: Buffer) => b.subarray(0, 200).toString('latin1').includes('-----BEGIN');
const HUGE = [50_000_000n, 2_147_483_647n, 1n << 40n, 1_000_001n, 200_001n, 5_000_001n];

export const MUTATIONS: Record<string, Mutation> = {
  bitflip: (b, _r, pick) => {
    const c = Buffer.from(b);
    for (let i = 1 + pick(8); i > 0; i--) {
      const at = pick(c.length);
      c[at] = (c[at] as number) ^ (1 << pick(8));
    }
    return c;
  },
  truncate: (b, _r, pick) => b.subarray(0, pick(b.length)),
  insert: (b, r, pick) => {
    const at = pick(b.length + 1);
    const junk = Buffer.from(Array.from({ length: 1 + pick(16) }, () => Math.floor(r() * 256)));
    return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
  },
  delete: (b, _r, pick) => {
    const at = pick(b.length);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + pick(16))]);
  },
  lengthEdit: (b, _r, pick) => {
    const c = Buffer.from(b);
    for (let tries = 0; tries < 50; tries++) {
      const at = pick(Math.max(1, c.length - 1));
      if (c[at] === 0x30 || c[at] === 0x04 || c[at] === 0x02 || c[at] === 0xa0) {
        c[at + 1] = [0x00, 0x7f, 0x80, 0x81, 0x84, 0xff, (c[at + 1] as number) + 1][pick(7)] as number;
        return c;
      }
    }
    return c;
  },
  u32Edit: (b, _r, pick) => {
    const c = Buffer.from(b);
    if (c.length >= 12)
      c.writeUInt32BE([0, 1, 0xffff, 0x7fffffff, 0xffffffff, 3][pick(6)] as number, 4 * pick(Math.floor(c.length / 4)));
    return c;
  },
  splice: (b, _r, pick, others) => {
    const o = others[pick(others.length)] as Seed;
    const from = pick(o.bytes.length);
    const at = pick(b.length);
    return Buffer.concat([b.subarray(0, at), o.bytes.subarray(from, from + 1 + pick(400)), b.subarray(at + pick(64))]);
  },
  inflateIterations: (b, _r, pick) => {
    const huge = HUGE[pick(HUGE.length)] as bigint;
    const edit = (der: Buffer) =>
      rewriteIntegers(der, (v) =>
        v >= 1000n && v <= 10_000_000n ? huge : v >= 1n && v <= 64n && pick(4) === 0 ? huge : undefined,
      );
    if (isPem(b)) return Buffer.from(editPemDer(b.toString('latin1'), edit), 'latin1');
    if (b[0] === 0x30) return edit(b);
    // JKS/JCEKS: INTEGERs of iteration size inside the protected keys, rewritten in place (same length).
    const c = Buffer.from(b);
    for (let i = 0; i + 5 <= c.length; i++)
      if (c[i] === 0x02 && c[i + 1] === 0x03 && (c[i + 2] as number) < 0x80 && (c[i + 2] as number) > 0) {
        c[i + 2] = 0x7f;
        c[i + 3] = 0xff;
        c[i + 4] = 0xff;
      }
    return c;
  },
  pemLines: (b, _r, pick) => {
    if (!isPem(b)) return b;
    const lines = b.toString('latin1').split('\n');
    const at = pick(lines.length);
    const op = pick(3);
    if (op === 0) lines.splice(at, 0, ...Array(1 + pick(200)).fill('-----BEGIN PRIVATE KEY-----'));
    else if (op === 1) lines.splice(at, 1);
    else lines.splice(at, 0, lines[pick(lines.length)] as string);
    return Buffer.from(lines.join('\n'), 'latin1');
  },
};

export interface Finding {
  seed: string;
  mutations: string[];
  op: string;
  what: string;
}

export interface FuzzReport {
  cases: number;
  succeeded: number;
  codes: Record<string, number>;
  crashes: Finding[];
  unanticipated: Finding[];
  hangs: Finding[];
  leaks: Finding[];
  slowest: { ms: number; seed: string; mutations: string[] };
  elapsedMs: number;
}

const LEAK = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\uFFFD]/u;

export async function fuzz({
  seed = 1,
  count = 300,
  timeLimitMs = 5000,
  log,
}: {
  seed?: number;
  count?: number;
  timeLimitMs?: number;
  log?: (line: string) => void;
}): Promise<FuzzReport> {
  const r = rng(seed);
  const pick = (n: number) => Math.floor(r() * n);
  const all = seeds();
  const names = Object.keys(MUTATIONS);
  const client = new KeyWorkerClient({ timeLimitMs });
  const report: FuzzReport = {
    cases: 0,
    succeeded: 0,
    codes: {},
    crashes: [],
    unanticipated: [],
    hangs: [],
    leaks: [],
    slowest: { ms: 0, seed: '', mutations: [] },
    elapsedMs: 0,
  };
  const started = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      const base = all[pick(all.length)] as Seed;
      let bytes = base.bytes;
      const applied: string[] = [];
      for (let m = 1 + pick(3); m > 0; m--) {
        const name = names[pick(names.length)] as string;
        bytes = MUTATIONS[name]?.(bytes, r, pick, all) ?? bytes;
        applied.push(name);
      }
      const withPassword = pick(5) !== 0;
      const source: KeySource = { bytes, ...(withPassword ? base.options : {}) };
      for (const op of ['inspect', 'load'] as const) {
        report.cases++;
        const t = performance.now();
        // Findings quote messages escaped and cut short: a leaking message can hold kilobytes of binary.
        const finding = (what: string): Finding => ({
          seed: base.name,
          mutations: applied,
          op,
          what: JSON.stringify(what).slice(1, 161),
        });
        try {
          await (op === 'inspect' ? client.inspectKeyFile(source) : client.loadSigningKey(source));
          report.succeeded++;
        } catch (error) {
          if (!(error instanceof AppError))
            report.crashes.push(finding(`${(error as Error)?.name}: ${(error as Error)?.message}`));
          else if (error.code === 'KEY_FILE_TOO_COSTLY' && error.details?.limitMs !== undefined)
            report.hangs.push(finding(error.message));
          else {
            report.codes[error.code] = (report.codes[error.code] ?? 0) + 1;
            if (error.code === 'INTERNAL' || !error.hint)
              report.crashes.push(finding(`${error.code}: ${error.message}`));
            const cause = (error as { cause?: unknown }).cause;
            if (cause !== undefined) report.unanticipated.push(finding(`${error.code} ← ${String(cause)}`));
            if (LEAK.test(error.message) || error.message.length > 600)
              report.leaks.push(finding(`${error.code}: ${error.message}`));
          }
        }
        const ms = performance.now() - t;
        if (ms > report.slowest.ms) report.slowest = { ms: Math.round(ms), seed: base.name, mutations: applied };
      }
      if (log && (i + 1) % 1000 === 0)
        log(
          `${i + 1} files, ${report.crashes.length} crashes, ${report.hangs.length} hangs, ${report.unanticipated.length} unanticipated, ${report.leaks.length} leaks`,
        );
    }
  } finally {
    await client.close();
  }
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seed = argument('seed', 1);
  const count = argument('count', 2000);
  const report = await fuzz({
    seed,
    count,
    timeLimitMs: argument('time-limit', 5000),
    log: (line) => console.log(line),
  });
  const show = (title: string, list: Finding[]) => {
    console.log(`${title}: ${list.length}`);
    for (const f of list.slice(0, 20)) console.log(`  ${f.seed} [${f.mutations.join(', ')}] ${f.op}: ${f.what}`);
  };
  console.log(
    `seed ${seed}: ${count} mutated files, ${report.cases} calls (inspect + load) in ${(report.elapsedMs / 1000).toFixed(1)} s; ${report.succeeded} succeeded`,
  );
  console.log(`typed errors by code: ${JSON.stringify(report.codes)}`);
  console.log(
    `slowest call: ${report.slowest.ms} ms (${report.slowest.seed} [${report.slowest.mutations.join(', ')}])`,
  );
  show('crashes', report.crashes);
  show('hangs', report.hangs);
  show('unanticipated (caught by the safety net)', report.unanticipated);
  show('messages with file bytes', report.leaks);
  process.exitCode = report.crashes.length + report.hangs.length + report.leaks.length > 0 ? 1 : 0;
}
