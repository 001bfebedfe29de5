// Worker-backed equivalents of load.ts's inspectKeyFile, loadSigningKey and certificateOf: same inputs,
// same results, same typed errors, but the parsing and key derivation run in a worker thread, so a
// hostile or merely slow key file never freezes the window or the other calls. Jobs run one at a time;
// each has a time limit after which the worker is terminated (and restarted for the next job): the
// caps in limits.ts keep real work far below it, the limit is only the last line of defence.
//
// The worker script: next to the bundle (dist/key-worker.cjs, built by scripts/build-node.mjs); when
// this module runs from its TypeScript source (vitest, tsx), electron/keys/key-worker.ts through tsx.
import { X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorInfo } from '../../shared/errors.js';
import { KeyFileInfo } from '../../shared/keys.js';
import type { KeySource, SigningKey } from './load.js';
import type { WorkerOp, WorkerReply, WorkerRequest } from './key-worker-protocol.js';

export const DEFAULT_KEY_JOB_TIME_LIMIT_MS = 20_000;
/**
 * The worker's JavaScript heap. Files are capped at 4 MiB and their ASN.1 at 200,000 elements; reading
 * the largest real keystores takes some tens of MB. A file that still makes a parser balloon stops the
 * worker (a typed error) instead of growing the app's memory to the process-wide limit.
 */
export const DEFAULT_KEY_WORKER_MEMORY_MB = 512;

export interface KeyWorkerOptions {
  /** Per job, from when the worker starts it. */
  timeLimitMs?: number;
  /** Override where the worker script is (e.g. an unpacked path in a packaged app). */
  workerPath?: string;
  /** The worker's old-generation heap limit, MB. */
  memoryLimitMb?: number;
}

interface Job {
  request: WorkerRequest;
  resolve: (data: unknown) => void;
  reject: (error: AppError) => void;
}

interface WorkerSpec {
  script: string;
  eval: boolean;
}

function defaultWorker(): WorkerSpec {
  const here = import.meta.url;
  if (/\.ts$/.test(new URL(here).pathname)) {
    // From source: Node 20 ignores `--import tsx` in a worker's execArgv, so the worker registers
    // tsx's loader itself (a development dependency; never reached from the bundles), then imports
    // the TypeScript entry.
    const tsx = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const entry = new URL('./key-worker.ts', here).href;
    return {
      script: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`,
      eval: true,
    };
  }
  return { script: fileURLToPath(new URL('./key-worker.cjs', here)), eval: false };
}

function fromInfo(info: ErrorInfo, cause?: string): AppError {
  const error = new AppError(info.code, info.message, info.hint, info.details);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

export class KeyWorkerClient {
  private worker: Worker | null = null;
  /** The worker has loaded its code (the time limit counts job time, not start-up). */
  private ready = false;
  private queue: Job[] = [];
  private current: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private readonly timeLimitMs: number;
  private readonly spec: WorkerSpec;
  private readonly memoryLimitMb: number;

  constructor(options: KeyWorkerOptions = {}) {
    this.timeLimitMs = options.timeLimitMs ?? DEFAULT_KEY_JOB_TIME_LIMIT_MS;
    this.memoryLimitMb = options.memoryLimitMb ?? DEFAULT_KEY_WORKER_MEMORY_MB;
    this.spec = options.workerPath ? { script: options.workerPath, eval: false } : defaultWorker();
  }

  async inspectKeyFile(source: KeySource, now: Date = new Date()): Promise<KeyFileInfo> {
    return KeyFileInfo.parse(await this.run('inspect', source, now));
  }

  async loadSigningKey(source: KeySource, now: Date = new Date()): Promise<SigningKey> {
    return (await this.run('load', source, now)) as SigningKey;
  }

  async certificateOf(source: KeySource): Promise<X509Certificate> {
    const { der } = (await this.run('certificate', source, new Date())) as { der: Uint8Array };
    return new X509Certificate(Buffer.from(der));
  }

  /**
   * Start the worker now (it takes ~0.1–0.3 s to load its bundle), e.g. when the window opens, so the
   * first Browse does not wait for it. An idle worker does not keep the process alive.
   */
  warmUp(): void {
    if (!this.worker) this.ensureWorker().unref();
  }

  /** Stop the worker; queued jobs are refused. The next call starts a new worker. */
  async close(): Promise<void> {
    const pending = [...(this.current ? [this.current] : []), ...this.queue];
    this.queue = [];
    this.current = null;
    for (const job of pending)
      job.reject(new AppError('INTERNAL', 'The key worker was stopped before reading the key file.', 'Try again.'));
    await this.stopWorker();
  }

  private run(op: WorkerOp, source: KeySource, now: Date): Promise<unknown> {
    const request: WorkerRequest = {
      id: this.nextId++,
      op,
      source: {
        bytes: new Uint8Array(source.bytes), // a copy: the caller's buffer stays the caller's
        ...(source.storePassword !== undefined && { storePassword: source.storePassword }),
        ...(source.alias !== undefined && { alias: source.alias }),
        ...(source.keyPassword !== undefined && { keyPassword: source.keyPassword }),
        ...(source.passphrase !== undefined && { passphrase: source.passphrase }),
      },
      now: now.getTime(),
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.spec.script, {
      eval: this.spec.eval,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryLimitMb },
    });
    this.ready = false;
    worker.on('message', (reply: WorkerReply | { ready: true }) => {
      if ('ready' in reply) {
        this.ready = true;
        this.dispatch();
      } else this.settle(reply);
    });
    worker.on('error', (error) =>
      this.fail(
        worker,
        (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError(
              'KEY_FILE_TOO_COSTLY',
              `Reading the key file needed more than ${this.memoryLimitMb} MB of memory and was stopped.`,
              'No real key file needs that much: the file is damaged or was made to stall the app. Export the key or keystore again with keytool or openssl.',
              { limitMb: this.memoryLimitMb },
            )
          : new AppError(
              'INTERNAL',
              `The key worker failed: ${error.message}`,
              'This is a bug in jwt-connect. Please report it with the steps that led here.',
            ),
      ),
    );
    worker.on('exit', () =>
      this.fail(
        worker,
        new AppError(
          'INTERNAL',
          'The key worker stopped unexpectedly.',
          'Try again. If it happens again, please report it.',
        ),
      ),
    );
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) {
      if (!this.current) this.worker?.unref(); // an idle worker must not keep the CLI alive
      return;
    }
    this.current = this.queue.shift() as Job;
    this.ensureWorker().ref();
    this.dispatch();
  }

  private dispatch(): void {
    const job = this.current;
    const worker = this.worker;
    if (!job || !worker || !this.ready || this.timer) return;
    this.timer = setTimeout(() => this.timeOut(worker), this.timeLimitMs);
    worker.postMessage(job.request, [job.request.source.bytes.buffer as ArrayBuffer]);
  }

  private settle(reply: WorkerReply): void {
    const job = this.current;
    if (!job || reply.id !== job.request.id) return;
    this.finish();
    if (reply.ok) job.resolve(reply.data);
    else job.reject(fromInfo(reply.error, reply.cause));
    this.pump();
  }

  private timeOut(worker: Worker): void {
    const job = this.current;
    if (!job || this.worker !== worker) return;
    this.finish();
    this.worker = null;
    void worker.terminate();
    const seconds = Number((this.timeLimitMs / 1000).toFixed(3));
    job.reject(
      new AppError(
        'KEY_FILE_TOO_COSTLY',
        `Reading the key file took longer than ${seconds} s and was stopped.`,
        'The file asks for more work than a key file should. Export it again with the usual settings (keytool, or openssl pkcs12 -export / openssl pkcs8 -topk8).',
        { limitMs: this.timeLimitMs },
      ),
    );
    this.pump();
  }

  private fail(worker: Worker, error: AppError): void {
    if (this.worker !== worker) return; // already replaced (terminated on time-out)
    this.worker = null;
    const job = this.current;
    this.finish();
    job?.reject(error);
    this.pump();
  }

  private finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = null;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.finish();
    if (worker) await worker.terminate();
  }
}

/** The module's shared client, started on first use. */
let shared: KeyWorkerClient | null = null;
const client = () => (shared ??= new KeyWorkerClient());

export const inspectKeyFileInWorker = (source: KeySource, now?: Date): Promise<KeyFileInfo> =>
  client().inspectKeyFile(source, now);
export const loadSigningKeyInWorker = (source: KeySource, now?: Date): Promise<SigningKey> =>
  client().loadSigningKey(source, now);
export const certificateOfInWorker = (source: KeySource): Promise<X509Certificate> => client().certificateOf(source);
export async function closeKeyWorker(): Promise<void> {
  const c = shared;
  shared = null;
  await c?.close();
}
