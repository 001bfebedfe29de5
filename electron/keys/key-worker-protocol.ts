// Messages between key-worker-client.ts and key-worker.ts.
import type { ErrorInfo } from '../../shared/errors.js';

export type WorkerOp = 'inspect' | 'load' | 'certificate';

export interface WorkerRequest {
  id: number;
  op: WorkerOp;
  /** The KeySource, with its bytes as a plain Uint8Array (what postMessage keeps of a Buffer). */
  source: { bytes: Uint8Array; storePassword?: string; alias?: string; keyPassword?: string; passphrase?: string };
  now: number;
}

export type WorkerReply =
  { id: number; ok: true; data: unknown } | { id: number; ok: false; error: ErrorInfo; cause?: string };
