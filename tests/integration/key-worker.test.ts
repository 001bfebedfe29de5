// The worker-backed key loader: same answers as load.ts, typed errors across the thread boundary,
// the caller's event loop free while a costly file is read, and a time limit as the last defence.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { loadSigningKey } from '../../electron/keys/load.js';
import { KeyWorkerClient } from '../../electron/keys/key-worker-client.js';
import { FIXTURES, fixture } from '../support/helpers.js';

const appCert = new X509Certificate(fixture('app.crt'));
const client = new KeyWorkerClient();
client.warmUp(); // started before the first job, as a caller may do ahead of the first Browse
afterAll(() => client.close());

describe('key worker', () => {
  it('answers inspect, load and certificate as the in-thread functions do', async () => {
    const info = await client.inspectKeyFile({ bytes: fixture('multi.jks'), storePassword: 'storepass' });
    expect(info.entries.map((e) => e.alias)).toEqual(['integration_user', 'second', 'salesforce-ca', 'app']);
    const loaded = await client.loadSigningKey({ bytes: fixture('app.jceks'), storePassword: 'storepass' });
    expect(loaded).toMatchObject({ format: 'jceks', alias: 'myapp' });
    expect(appCert.checkPrivateKey(loaded.key)).toBe(true); // a KeyObject, through postMessage
    expect(loaded.certificate?.sha256Fingerprint).toBe(appCert.fingerprint256);
    const cert = await client.certificateOf({ bytes: fixture('openssl-default.p12'), storePassword: 'storepass' });
    expect(cert).toBeInstanceOf(X509Certificate);
    expect(cert.fingerprint256).toBe(appCert.fingerprint256);
  });

  it('rejects with the same typed errors, hint included', async () => {
    const error = await client
      .loadSigningKey({ bytes: fixture('single.jks'), storePassword: 'wrong' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'WRONG_PASSWORD', hint: expect.stringContaining('Key Store Password') });
    await expect(client.inspectKeyFile({ bytes: fixture('ec.pem') })).rejects.toMatchObject({
      code: 'UNSUPPORTED_KEY_TYPE',
    });
  });

  it("keeps the caller's event loop free while a costly (capped) file is read", async () => {
    const source = { bytes: fixture('app-pkcs8-encrypted-1m.pem'), passphrase: 'passphrase' }; // 1,000,000 PBKDF2 rounds
    await client.inspectKeyFile({ bytes: fixture('app-pkcs8.pem') }); // the worker is up
    // In the thread, the derivation blocks: a 5 ms timer cannot fire meanwhile.
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 5);
    let started = performance.now();
    await loadSigningKey(source);
    const inThreadMs = performance.now() - started;
    const inThreadTicks = ticks;
    // In the worker, the timer keeps ticking and an in-thread call answers while the worker works.
    ticks = 0;
    started = performance.now();
    const pending = client.loadSigningKey(source);
    const other = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });
    const otherMs = performance.now() - started;
    const loaded = await pending;
    const workerMs = performance.now() - started;
    clearInterval(timer);
    expect(appCert.checkPrivateKey(loaded.key) && appCert.checkPrivateKey(other.key)).toBe(true);
    expect(inThreadMs).toBeGreaterThan(100);
    expect(inThreadTicks).toBeLessThanOrEqual(1);
    expect(otherMs).toBeLessThan(workerMs / 2);
    expect(ticks).toBeGreaterThan(Math.min(10, workerMs / 20));
  });

  it('stops a job that overruns its time limit with a typed error, and serves the next job', async () => {
    const strict = new KeyWorkerClient({ timeLimitMs: 40 });
    try {
      const error = await strict
        .loadSigningKey({ bytes: fixture('app-pkcs8-encrypted-1m.pem'), passphrase: 'passphrase' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'KEY_FILE_TOO_COSTLY',
        message: expect.stringContaining('took longer than 0.04 s'),
        hint: expect.any(String),
      });
      // The stopped worker is replaced; the limit counts the job, not the new worker's start-up.
      await expect(strict.inspectKeyFile({ bytes: fixture('app-pkcs8.pem') })).resolves.toMatchObject({
        format: 'pem',
      });
    } finally {
      await strict.close();
    }
  });

  it('runs from the bundle: the client finds key-worker.cjs built beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-worker-'));
    try {
      const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'silent' } as const;
      // As scripts/build-node.mjs builds them: the worker as CommonJS, the app as ESM with require().
      await build({
        ...common,
        entryPoints: ['electron/keys/key-worker.ts'],
        outfile: join(dir, 'key-worker.cjs'),
        format: 'cjs',
      });
      writeFileSync(
        join(dir, 'entry.ts'),
        `
        import { readFileSync } from 'node:fs';
        import { inspectKeyFileInWorker, closeKeyWorker } from ${JSON.stringify(join(process.cwd(), 'electron/keys/key-worker-client.ts'))};
        const info = await inspectKeyFileInWorker({ bytes: readFileSync(process.argv[2]), storePassword: 'storepass' });
        console.log(JSON.stringify(info.entries.map((e) => [e.alias, e.keyType])));
        await closeKeyWorker();`,
      );
      await build({
        ...common,
        entryPoints: [join(dir, 'entry.ts')],
        outfile: join(dir, 'main.js'),
        format: 'esm',
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      });
      const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'main.js'), join(FIXTURES, 'ec.jks')]);
      expect(JSON.parse(stdout)).toEqual([['eckey', 'ec']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
