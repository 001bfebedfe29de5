// Export and import of saved connections (see export-file.ts for the format).
import { AppError } from '../../shared/errors.js';
import type { ConnectionSecrets, ImportSummary } from '../../shared/connection.js';
import { decryptSecrets, encryptSecrets, EXPORT_FORMAT, EXPORT_VERSION, parseExportFile, type ExportDocument } from './export-file.js';
import { freeName, type ServiceContext } from './context.js';
import type { StoredConnection } from './repository.js';

export interface ExportInput {
  ids?: string[] | undefined;
  includeSecrets: boolean;
  passphrase?: string | undefined;
}

export interface ImportInput {
  text: string;
  passphrase?: string | undefined;
  skipSecrets?: boolean | undefined;
}

export async function exportConnections(ctx: ServiceContext, input: ExportInput): Promise<{ fileName: string; text: string; count: number }> {
  const chosen = input.ids ? input.ids.map((id) => ctx.stored(id)) : ctx.repository.all();
  const doc: ExportDocument = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: ctx.now().toISOString(),
    connections: chosen.map(({ secretsRef: _r, secretsSaved: _s, ...c }) => c),
  };
  if (input.includeSecrets) {
    const secrets: Record<string, ConnectionSecrets> = {};
    for (const c of chosen) {
      const { accessToken: _token, ...rest } = ctx.secretsOf(c); // tokens are short-lived: never exported
      secrets[c.id] = rest;
    }
    doc.secrets = await encryptSecrets(secrets, input.passphrase ?? '');
  }
  const stamp = ctx.now().toISOString().slice(0, 10);
  return { fileName: `jwt-connect-${stamp}${input.includeSecrets ? '-with-secrets' : ''}.json`, text: JSON.stringify(doc, null, 2), count: chosen.length };
}

export async function importConnections(ctx: ServiceContext, input: ImportInput): Promise<ImportSummary> {
  const doc = parseExportFile(input.text);
  let secrets: Record<string, ConnectionSecrets> = {};
  if (doc.secrets && !input.skipSecrets) {
    if (!input.passphrase) {
      throw new AppError('BAD_INPUT', 'This export file holds encrypted secrets and needs its passphrase.',
        'Enter the passphrase chosen at export, or import the definitions without secrets.', { field: 'passphrase' });
    }
    secrets = await decryptSecrets(doc.secrets, input.passphrase);
  }
  const now = ctx.now().toISOString();
  const taken = new Set(ctx.repository.all().map((c) => c.name.toLowerCase()));
  const imported: ImportSummary['imported'] = [];
  const records: [StoredConnection, ConnectionSecrets][] = [];
  for (const c of doc.connections) {
    let name = c.name;
    if (taken.has(name.toLowerCase())) name = freeName(`${c.name} (imported)`, taken);
    taken.add(name.toLowerCase());
    const id = ctx.newId();
    records.push([{ ...c, id, name, updatedAt: now }, secrets[c.id] ?? {}]);
    imported.push({ id, name, ...(name !== c.name && { renamedFrom: c.name }) });
  }
  ctx.save(records);
  return { imported, withSecrets: Object.keys(secrets).length > 0 };
}
