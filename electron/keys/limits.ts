// Caps on what a key file may ask of us. A key file names its own work factors (iteration counts,
// scrypt's N·r·p, entry counts); a crafted one can ask for minutes of CPU or gigabytes of memory.
// Each cap sits well above what real tools write, so only hostile or broken files reach it, and each
// is checked from the file's parameters BEFORE the work starts (the worker's time limit is only the
// last line of defence). Measured costs are on this 2-core machine, Node 20.
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../../shared/errors.js';
import type { KeyFormat } from '../../shared/keys.js';

export const LIMITS = {
  /** PEM / DER key files: a key is 1–4 KB, a PEM with a full certificate chain some tens of KB. */
  maxKeyFileBytes: 1024 * 1024,
  /** JKS / JCEKS / PKCS#12: a Salesforce "Export to Keystore" holds every key of an org, ~3 KB each. */
  maxKeystoreBytes: 4 * 1024 * 1024,
  /** Keystore entries (JKS/JCEKS entries, PKCS#12 bags). */
  maxEntries: 1000,
  /** Certificates in one JKS/JCEKS chain (real chains: 1–4). */
  maxChainLength: 10,
  /** PEM blocks in one file (key + certificate chain + stray extras). */
  maxPemBlocks: 100,
  /** PBKDF2 (and PBES1) iterations: keytool writes 10,000, OpenSSL 3 2,048; 1,000,000 ≈ 0.2–0.35 s native. */
  maxPbkdf2Iterations: 1_000_000,
  /** PKCS#12 KDF (MAC and PKCS#12 PBE; pure JS): keytool 10,000, OpenSSL 3 2,048; 200,000 ≈ 0.1–0.15 s. */
  maxPkcs12Iterations: 200_000,
  /** scrypt N·r·p: openssl pkcs8 -scrypt writes N=16384, r=8, p=1 (131,072, ~36 ms); 8× that. */
  maxScryptWork: 1 << 20,
  /**
   * scrypt memory, counted as OpenSSL counts it (128·r·(N+2) for V plus 128·r·p for B): its own ceiling
   * for PKCS#8 (32 MiB), so a file past it is refused as too costly rather than failing inside OpenSSL as
   * a "wrong passphrase". openssl pkcs8 -scrypt's default (N=16384, r=8, p=1) uses 16 MiB.
   */
  maxScryptMemoryBytes: 32 * 1024 * 1024,
  /** JCEKS (Sun PBEWithMD5AndTripleDES) iterations: keytool writes 200,000 (jdk.jceks.iterationCount). */
  maxJceksIterations: 1_000_000,
  /** All derivations of one file together, in PBKDF2-iteration units (≈ 1–1.5 s). */
  maxTotalWork: 5_000_000,
} as const;

const COSTLY_HINT =
  'Export it again with the usual settings. A keystore: keytool -importkeystore -srckeystore <file> -destkeystore new.p12 ' +
  '-deststoretype PKCS12 (10,000 iterations), or openssl pkcs12 -export (2,048). A key file: openssl pkcs8 -topk8 -v2 aes-256-cbc ' +
  '-in <key> -out new-key.pem (2,048).';

const n = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'an unbounded number of';

export function tooCostly(what: string, found: number, cap: number): AppError {
  return new AppError(
    'KEY_FILE_TOO_COSTLY',
    `This file asks for ${n(found)} ${what}; jwt-connect stops at ${n(cap)} so that a key file cannot stall the app.`,
    COSTLY_HINT,
    { found: Number.isFinite(found) ? found : null, limit: cap },
  );
}

/** Refuse a file by its size before anything reads it. */
export function assertKeyFileSize(bytes: Buffer, format: KeyFormat): void {
  const keystore = format === 'jks' || format === 'jceks' || format === 'pkcs12';
  const cap = keystore ? LIMITS.maxKeystoreBytes : LIMITS.maxKeyFileBytes;
  if (bytes.length > cap) {
    const mib = (b: number) => `${Math.ceil(b / 1024).toLocaleString('en-US')} KB`;
    throw new AppError(
      'KEY_FILE_TOO_LARGE',
      `This ${keystore ? 'keystore' : 'key file'} is ${mib(bytes.length)}; jwt-connect reads ${keystore ? 'keystores' : 'key files'} up to ${mib(cap)}.`,
      keystore
        ? 'A keystore this large is unusual: export only the key the Connected App uses, e.g. keytool -importkeystore -srcalias <alias> -destkeystore one.p12 -deststoretype PKCS12.'
        : 'A private key file is a few KB. Check that the right file was picked (not a log, archive or bundle).',
      { size: bytes.length, limit: cap },
    );
  }
}

export function assertCount(what: string, found: number, cap: number): void {
  if (found > cap) {
    throw new AppError(
      'KEY_FILE_TOO_COSTLY',
      `This file holds ${n(found)} ${what}; jwt-connect reads at most ${n(cap)}.`,
      'Export only the key the Connected App uses, e.g. keytool -importkeystore -srcalias <alias> -destkeystore one.p12 -deststoretype PKCS12.',
      { found, limit: cap },
    );
  }
}

export type WorkKind = 'pbkdf2' | 'pkcs12' | 'scrypt' | 'jceks';

/** Cost of one unit of each kind, relative to one native PBKDF2-SHA256 iteration (measured). */
const WEIGHT: Record<WorkKind, number> = { pbkdf2: 1, pkcs12: 5, scrypt: 2, jceks: 2 };

/** Running total of one file's derivations; follows async calls (JCEKS yields) through AsyncLocalStorage. */
class WorkMeter {
  used = 0;
}
const meters = new AsyncLocalStorage<WorkMeter>();

/** Run `fn` (one file's parse) with its own work budget; nested calls share the outer budget. */
export function withWorkBudget<T>(fn: () => T): T {
  return meters.getStore() ? fn() : meters.run(new WorkMeter(), fn);
}

/** Run `fn` against a budget of its own (a pre-check that must not spend the file's budget). */
export function inFreshBudget<T>(fn: () => T): T {
  return meters.run(new WorkMeter(), fn);
}

function charge(kind: WorkKind, units: number): void {
  const meter = meters.getStore();
  if (!meter) return;
  meter.used += units * WEIGHT[kind];
  if (meter.used > LIMITS.maxTotalWork)
    throw tooCostly(
      'units of key-derivation work in total (iterations, weighted by cost)',
      meter.used,
      LIMITS.maxTotalWork,
    );
}

/** Check one derivation's parameters against its cap and the file's budget, before it runs. */
export function admitWork(kind: 'pbkdf2' | 'pkcs12' | 'jceks', iterations: number): void {
  const [what, cap] = {
    pbkdf2: ['PBKDF2 iterations to derive a key', LIMITS.maxPbkdf2Iterations],
    pkcs12: ['PKCS#12 key-derivation iterations (MAC or encryption)', LIMITS.maxPkcs12Iterations],
    jceks: ['JCEKS key-protection iterations', LIMITS.maxJceksIterations],
  }[kind] as [string, number];
  if (!(iterations <= cap)) throw tooCostly(what, iterations, cap);
  charge(kind, kind === 'jceks' ? 2 * iterations : iterations);
}

export function admitScrypt(N: number, r: number, p: number): void {
  const memory = 128 * r * (N + 2) + 128 * r * p;
  if (!(memory <= LIMITS.maxScryptMemoryBytes))
    throw tooCostly('bytes of scrypt memory (128·r·(N+2+p))', memory, LIMITS.maxScryptMemoryBytes);
  const work = N * r * p;
  if (!(work <= LIMITS.maxScryptWork)) throw tooCostly('units of scrypt work (N·r·p)', work, LIMITS.maxScryptWork);
  // RFC 7914: N a power of two above 1, N < 2^(16·r), r and p at least 1. OpenSSL refuses others, and
  // Node would then report a right passphrase as wrong: say the file is damaged instead.
  if (!(N > 1 && Number.isInteger(Math.log2(N)) && r >= 1 && p >= 1 && Math.log2(N) < 16 * r)) {
    throw new AppError(
      'KEY_FILE_CORRUPT',
      "The key's scrypt parameters are invalid (N must be a power of two, r and p at least 1).",
      'The key file is damaged or was not made by a standard tool. Export the key again, e.g. openssl pkcs8 -topk8 -v2 aes-256-cbc -in <key> -out new-key.pem.',
    );
  }
  charge('scrypt', work);
}
