// Export and import of saved connections (see export-file.ts for the format). Imports are done in
// chunks, yielding to the event loop between them, so 10,000 connections do not freeze the window;
// the metadata is written once at the end, and the secrets files written before it are removed if
// anything fails: an import is all or nothing.
import { AppError } from '../../shared/errors.js';
import { SECRET_NAMES, type ConnectionSecrets, type ImportSummary } from '../../shared/connection.js';
import { buildExport, openExport } from './export-file.js';
import { freeName, type ServiceContext } from './context.js';
import type { StoredConnection } from './repository.js';
import { passwordFirstError } from './vault.js';

export interface ExportInput {
  ids?: string[] | undefined;
  includeSecrets: boolean;
  /** With secrets: required, encrypts them. Without: optional, signs the details (authenticated, no secrets). */
  passphrase?: string | undefined;
}

export interface ImportInput {
  text: string;
  passphrase?: string | undefined;
  skipSecrets?: boolean | undefined;
  unchecked?: boolean | undefined;
  /** Refuse anything but a signed version-2 file checked with its passphrase (a pipeline's --require-signed). */
  requireSigned?: boolean | undefined;
}

const CHUNK = 100;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function exportConnections(
  ctx: ServiceContext,
  input: ExportInput,
): Promise<{
  fileName: string;
  text: string;
  count: number;
  skipped?: { id: string; name: string; reason: string }[];
}> {
  const chosen = input.ids ? input.ids.map((id) => ctx.stored(id)) : ctx.repository.all();
  const skipped: { id: string; name: string; reason: string }[] = [];
  let secrets: Record<string, ConnectionSecrets> | undefined;
  if (input.includeSecrets) {
    secrets = {};
    for (const c of chosen) {
      const readable = ctx.readableSecretsOf(c);
      // Unreadable secrets do not stop the others: they are named, and the connection goes without them.
      if (!readable.secrets) {
        skipped.push({ id: c.id, name: c.name, reason: readable.problem.message });
        continue;
      }
      const { accessToken: _token, ...rest } = readable.secrets; // tokens are short-lived: never exported
      secrets[c.id] = rest;
    }
  }
  const doc = await buildExport(
    {
      exportedAt: ctx.now().toISOString(),
      connections: chosen.map(({ secretsRef: _r, secretsSaved: _s, ...c }) => c),
    },
    secrets,
    input.passphrase || undefined,
  );
  const stamp = ctx.now().toISOString().slice(0, 10);
  return {
    fileName: `jwt-connect-${stamp}${input.includeSecrets ? '-with-secrets' : doc.auth ? '-signed' : ''}.json`,
    text: JSON.stringify(doc, null, 2),
    count: chosen.length,
    ...(skipped.length && { skipped }),
  };
}

export async function importConnections(ctx: ServiceContext, input: ImportInput): Promise<ImportSummary> {
  ctx.repository.assertWritable();
  if (ctx.importState)
    throw new AppError('BAD_INPUT', 'An import is already running.', 'Wait for it to finish, then import again.');
  ctx.importState = { done: 0, total: 0 };
  const written: string[] = [];
  try {
    const { doc, secrets, warnings } = await openExport(
      input.text,
      input.passphrase,
      input.skipSecrets === true,
      input.unchecked === true,
      input.requireSigned === true,
    );
    const total = doc.connections.length;
    ctx.importState = { done: 0, total };
    const now = ctx.now().toISOString();
    const taken = new Set(ctx.repository.all().map((c) => c.name.toLowerCase()));
    const imported: ImportSummary['imported'] = [];
    const records: StoredConnection[] = [];
    const persistent = ctx.vault.persistent;
    const session = new Map<string, ConnectionSecrets>();
    for (let start = 0; start < total; start += CHUNK) {
      const chunk = doc.connections.slice(start, start + CHUNK);
      await Promise.all(
        chunk.map(async (c) => {
          let name = c.name;
          if (taken.has(name.toLowerCase())) name = freeName(`${c.name} (imported)`, taken);
          taken.add(name.toLowerCase());
          const id = ctx.newId();
          const { secretsRef: _r, secretsSaved: _s, ...clean } = c as StoredConnection;
          const own = strip(secrets[c.id] ?? {});
          // Results were proven elsewhere, with a key; arriving without it, "Test succeeded" would mislead.
          const { lastAuthorise, lastTest, ...fields } = clean;
          const record: StoredConnection = {
            ...fields,
            id,
            name,
            updatedAt: now,
            ...(own.keyMaterial && { ...(lastAuthorise && { lastAuthorise }), ...(lastTest && { lastTest }) }),
          };
          const names = SECRET_NAMES.filter((n) => own[n] !== undefined);
          if (names.length && persistent) {
            const ref = await ctx.secretFiles.writeAsync(ctx.vault.seal(own, id));
            written.push(ref);
            record.secretsRef = ref;
            record.secretsSaved = names;
          } else if (names.length) {
            if (ctx.vault.passwordFirst) throw passwordFirstError('import');
            session.set(id, own);
          }
          records.push(record);
          imported.push({ id, name, ...(name !== c.name && { renamedFrom: c.name }) });
        }),
      );
      ctx.importState = { done: Math.min(start + CHUNK, total), total };
      await nextTurn();
    }
    if (written.length) ctx.secretFiles.syncDir();
    ctx.repository.put(records); // the one metadata write: until it succeeds nothing was imported
    for (const [id, s] of session) ctx.sessionSecrets.set(id, s);
    // Secrets for ids the file's connections do not have came in with nothing: they do not count.
    const withSecrets = written.length > 0 || session.size > 0;
    return { imported, withSecrets, ...(warnings.length && { warnings }) };
  } catch (error) {
    for (const ref of written) ctx.secretFiles.remove(ref);
    throw error;
  } finally {
    ctx.importState = null;
  }
}

export function importProgress(ctx: ServiceContext): { done: number; total: number } | null {
  return ctx.importState && { ...ctx.importState };
}

function strip(secrets: ConnectionSecrets): ConnectionSecrets {
  return Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== undefined)) as ConnectionSecrets;
}
