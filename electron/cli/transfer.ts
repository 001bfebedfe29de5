// export / import of saved connections through the service's own export format.
import { escapeField, quoted } from '../../shared/safe-text.js';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { SourceValues } from './flags.js';
import { print, usageError, type CliIo } from './output.js';
import { writeFileSafely } from './safe-write.js';
import { openToSave } from './vault-setup.js';
import {
  exportPassphrase,
  findConnection,
  importWithPassphrase,
  openSource,
  readExportFile,
  signaturePolicy,
  type TrustFlags,
} from './source.js';
import { ENV } from '../../shared/env-vars.js';

function onePath(positionals: string[], command: string): string {
  if (positionals.length !== 1)
    throw usageError(`${command} takes one FILE, got ${positionals.length}.`, `Run jwt-connect ${command} --help.`);
  return resolve(positionals[0] as string);
}

export async function exportCommand(
  values: SourceValues & { connection?: string[]; 'with-secrets'?: boolean; force?: boolean },
  positionals: string[],
  io: CliIo,
): Promise<void> {
  const path = onePath(positionals, 'export');
  const source = await openSource(values, io, values['with-secrets'] === true, false, 'read');
  try {
    const chosen = (values.connection ?? []).map((name) => findConnection(source, name));
    const all = chosen.length ? chosen : source.services.service.listConnections({});
    if (values['with-secrets']) {
      // Secrets the terminal cannot open cannot be exported from here; say which and why.
      const problem = all.map((c) => source.secretsProblem(c)).find((p) => p !== undefined);
      if (problem) throw problem;
    }
    let passphrase: string | undefined;
    if (values['with-secrets']) {
      passphrase = await exportPassphrase(io, 'to encrypt the secrets in the export');
      if (
        passphrase &&
        !io.env[ENV.exportPassphrase.name] &&
        io.promptSecret &&
        (await io.promptSecret('Again, to confirm: ')) !== passphrase
      ) {
        throw new AppError('BAD_INPUT', 'The two passphrases differ.', 'Run the export again.');
      }
      if (!passphrase) {
        throw new AppError(
          'BAD_INPUT',
          'An export with secrets needs a passphrase.',
          `Set $${ENV.exportPassphrase.name}, or run on a terminal to be asked.`,
          { field: 'passphrase' },
        );
      }
    }
    const out = await source.services.service.exportConnections({
      includeSecrets: values['with-secrets'] === true,
      ...(chosen.length && { ids: chosen.map((c) => c.id) }),
      ...(passphrase && { passphrase }),
    });
    writeFileSafely(path, out.text, 0o600, values.force === true, 'choose another FILE');
    const skipped = (out as { skipped?: { name: string; reason: string }[] }).skipped ?? [];
    for (const s of skipped) io.stderr(`warning: ${quoted(s.name)} was left out: ${s.reason}`);
    print(
      io,
      values.json,
      `Exported ${out.count} connection${out.count === 1 ? '' : 's'}${values['with-secrets'] ? ' with their secrets (encrypted)' : ''} to ${path}.`,
      {
        file: path,
        count: out.count,
        withSecrets: values['with-secrets'] === true,
        ...(skipped.length && { skipped }),
      },
    );
  } finally {
    source.close();
  }
}

export async function importCommand(values: SourceValues, positionals: string[], io: CliIo): Promise<void> {
  const path = onePath(positionals, 'import');
  const text = readExportFile(path);
  const hasSecrets = /"secrets"\s*:\s*\{/.test(text);
  // Secrets go into the folder's vault: opened, or set up with the secrets password when it has none.
  const folder = hasSecrets ? await openToSave(values, io, `the secrets of ${path}`) : undefined;
  const source = folder?.source ?? (await openSource(values, io, false, true));
  try {
    const requireSigned = signaturePolicy(values as TrustFlags, io).require;
    let summary;
    try {
      await folder?.ensureVault();
      summary = await importWithPassphrase(source.services.service, { text, requireSigned }, path, io);
    } catch (error) {
      folder?.undoVault();
      throw error;
    }
    const warnings = (summary as { warnings?: string[] }).warnings ?? [];
    for (const w of warnings) io.stderr(`warning: ${w}`);
    const lines = summary.imported.map(
      (c) => `  ${escapeField(c.name)}${c.renamedFrom ? ` (renamed from ${quoted(c.renamedFrom)})` : ''}`,
    );
    print(
      io,
      values.json,
      [
        `Imported ${summary.imported.length} connection${summary.imported.length === 1 ? '' : 's'}${summary.withSecrets ? ' with secrets' : ''} into ${source.label}:`,
        ...lines,
      ].join('\n'),
      summary,
    );
  } finally {
    source.close();
  }
}
