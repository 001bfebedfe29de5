// The key worker: runs load.ts in a worker thread, so that parsing a key file and deriving its key
// (work whose cost the file decides) never holds the app's main event loop. One job at a time; the
// client (key-worker-client.ts) queues jobs and terminates this thread when a job overruns its limit.
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { certificateOf, inspectKeyFile, loadSigningKey } from './load.js';
import { asAppError } from './typed-errors.js';
import type { WorkerReply } from './key-worker-protocol.js';

const Source = z.object({
  bytes: z.instanceof(Uint8Array),
  storePassword: z.string().optional(),
  alias: z.string().optional(),
  keyPassword: z.string().optional(),
  passphrase: z.string().optional(),
});

const Request = z.object({
  id: z.number().int(),
  op: z.enum(['inspect', 'load', 'certificate']),
  source: Source,
  now: z.number(),
});

async function handle(message: unknown): Promise<WorkerReply> {
  const parsed = Request.safeParse(message);
  if (!parsed.success) {
    const id = typeof (message as { id?: unknown } | null)?.id === 'number' ? (message as { id: number }).id : -1;
    return {
      id,
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'The key worker received a malformed request.',
        hint: 'This is a bug in jwt-connect. Please report it.',
      },
    };
  }
  const { id, op, now } = parsed.data;
  const raw = parsed.data.source;
  const source = { ...raw, bytes: Buffer.from(raw.bytes.buffer, raw.bytes.byteOffset, raw.bytes.byteLength) };
  try {
    if (op === 'inspect') return { id, ok: true, data: inspectKeyFile(source, new Date(now)) };
    if (op === 'certificate') return { id, ok: true, data: { der: new Uint8Array(certificateOf(source).raw) } };
    const loaded = await loadSigningKey(source, new Date(now));
    return { id, ok: true, data: loaded }; // a KeyObject crosses postMessage intact
  } catch (error) {
    const typed = asAppError(error);
    const cause = (typed as { cause?: unknown }).cause;
    return {
      id,
      ok: false,
      error: typed.toInfo(),
      // For the fuzzer and logs only: which unanticipated error the safety net caught (never shown).
      ...(cause !== undefined && {
        cause: cause instanceof Error ? `${cause.name}: ${cause.message}`.slice(0, 200) : 'non-Error value',
      }),
    };
  }
}

const port = parentPort;
if (port) {
  port.on('message', (message: unknown) => {
    void handle(message).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ ready: true });
}
