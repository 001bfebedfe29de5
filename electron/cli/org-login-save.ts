// org login jwt --alias NAME: the login saved as a connection through the service, as the window's
// Authorise then Save (the key imported into the vault, the proven token and result kept). Loaded
// only when a login is to be saved: a login alone needs neither the store nor its schemas.
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { parseInput } from '../../shared/field-rules.js';
import { ConnectionDraft, type ConnectionView } from '../../shared/connection.js';
import type { AuthoriseResult } from '../../shared/salesforce.js';
import { quoted } from '../../shared/safe-text.js';
import { planLogin } from '../salesforce/environment.js';
import { loginTargetFlags, type LoginValues } from './flags.js';
import { readKeyFile } from './login-flags.js';
import type { CliIo } from './output.js';
import type { OrgLoginValues, Saved } from './org-login.js';
import { openToSave } from './vault-setup.js';
import { waitHooks } from './wait.js';

/**
 * The connection the flags describe, as the window's form would send it to Save. Passwords not given
 * are cleared, so nothing of a replaced key lingers (--force).
 */
export function draftFromFlags(name: string, values: LoginValues): ConnectionDraft {
  const { environment = 'production', myDomainUrl } = loginTargetFlags(values);
  const keyPath = (values['private-key'] ?? values.keystore) as string;
  return {
    name,
    description: '',
    encryption: values.keystore ? 'jks' : 'privateKey',
    consumerKey: values['consumer-key'] ?? '',
    username: values.username ?? '',
    environment,
    ...(myDomainUrl && { myDomainUrl }),
    ...(values.audience && { audience: values.audience }),
    ...(values.timeout !== undefined && { timeoutSeconds: values.timeout }),
    ...(values['certificate-name'] && { certificateName: values['certificate-name'] }),
    secrets: {
      passphrase: values.passphrase ?? null,
      keyStorePassword: values['keystore-password'] ?? null,
      keyPassword: values['key-password'] ?? null,
    },
    keyFile: { fileName: basename(keyPath) || 'key', base64: readKeyFile(keyPath).toString('base64') },
  };
}

export async function saveLogin(
  alias: string,
  values: OrgLoginValues,
  login: LoginValues,
  wait: number | undefined,
  io: CliIo,
  done: (result: AuthoriseResult, saved: Saved) => void,
): Promise<void> {
  // Everything that can be refused is refused before the folder is opened: fields, URLs, the key file.
  const target = loginTargetFlags(login);
  planLogin({
    environment: target.environment ?? 'production',
    ...(target.myDomainUrl && { myDomainUrl: target.myDomainUrl }),
    ...(login.audience && { audience: login.audience }),
  });
  const draft = parseInput(ConnectionDraft, draftFromFlags(alias, login)) as ConnectionDraft;
  const folder = await openToSave(values, io, `the key of ${quoted(alias)}`);
  const { source } = folder;
  try {
    const { service } = source.services;
    const wanted = alias.trim().toLowerCase();
    const existing = service.listConnections({}).find((c) => c.name.toLowerCase() === wanted);
    if (existing && !values.force) {
      throw new AppError(
        'BAD_INPUT',
        `A connection named ${quoted(existing.name)} is already saved in ${source.label}.`,
        'Add --force to replace it (its id and description are kept), or choose another --alias.',
        { field: 'name' },
      );
    }
    // Replacing keeps the saved name's spelling, its description and its setup track.
    const toSave: ConnectionDraft = existing
      ? {
          ...draft,
          name: existing.name,
          description: existing.description,
          ...(existing.setupTrack && { setupTrack: existing.setupTrack }),
        }
      : draft;
    // The window's order: Authorise on the form, then Save keeps what was just proven (token and result).
    const result = await service.authorise(
      { draft: toSave, ...(wait && { keepTrying: { seconds: wait } }) },
      waitHooks(io),
    );
    let connection: ConnectionView;
    try {
      await folder.ensureVault();
      connection = existing
        ? await service.updateConnection({ id: existing.id, draft: toSave })
        : await service.createConnection(toSave);
    } catch (error) {
      folder.undoVault();
      throw error;
    }
    if (values['set-default']) service.setDefaultConnection(connection.id);
    const isDefault = service.defaultConnection()?.id === connection.id;
    done(result, { connection, replaced: existing !== undefined, isDefault, dataDir: source.label });
  } finally {
    source.close();
  }
}
