// The secrets password through the service and the API contract, with real files, real crypto and
// real logins against the local Salesforce emulator: set, restart locked, unlock, change, and a
// failure or a crash at every step of a change.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { LOCK_NAME } from '../../electron/connections/lock.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { AppError, type ErrorInfo } from '../../shared/errors.js';
import { dispatch } from '../../electron/api.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { PASSWORD_BACKEND, PASSWORD_FILE, unlockPasswordCipher } from '../../electron/connections/password-cipher.js';
import type { ResealStep } from '../../electron/connections/secrets-password.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import { safeStorageChoice, type CipherChoice } from '../../electron/connections/vault.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, USERNAME, fixture, startEmulator } from '../support/helpers.js';

const platform = { fetch: globalThis.fetch };
const picked = (name: string) => ({ fileName: name, base64: fixture(name).toString('base64') });
const P1 = 'first secrets password';
const P2 = 'second secrets password';

let emulator: SalesforceEmulator;
let dir: string;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-secpw-'));
  dirs.push(dir);
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const open = (
  dataDir = dir,
  extra: { chooseCipher?: (allowWeak: boolean) => CipherChoice; onStep?: (step: ResealStep) => void } = {},
) =>
  openNodeServices({
    dataDir,
    platform,
    secretsPassword: extra.onStep ? { onStep: extra.onStep } : true,
    ...(extra.chooseCipher && { chooseCipher: extra.chooseCipher }),
  }).service;

function jks(name = 'UAT integration'): ConnectionDraft {
  return {
    name,
    encryption: 'jks',
    consumerKey: CONSUMER_KEY,
    username: USERNAME,
    environment: 'mydomain',
    myDomainUrl: emulator.url,
    certificateName: 'app',
    secrets: { keyStorePassword: 'storepass', keyPassword: 'keypass' },
    keyFile: picked('multi.jks'),
  };
}
function pem(name = 'Prod reporting'): ConnectionDraft {
  return {
    name,
    encryption: 'privateKey',
    consumerKey: CONSUMER_KEY,
    username: USERNAME,
    environment: 'mydomain',
    myDomainUrl: emulator.url,
    secrets: { passphrase: 'passphrase' },
    keyFile: picked('app-pkcs8-encrypted.pem'),
  };
}

/** Every file of the data directory and its bytes. */
/** What the data folder holds, file by file; the diagnostics log is not state (a failure may add to it). */
function snapshot(dataDir = dir): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name.startsWith('jwt-connect.log')) continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dataDir, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(dataDir);
  return out;
}

async function call(
  service: ConnectionService,
  method: string,
  input: unknown,
): Promise<{ ok: true; data: any } | { ok: false; error: ErrorInfo }> {
  return dispatch(service, method, input) as never;
}

async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

/** Every saved connection logs in (its key and passwords open). */
async function allLogIn(service: ConnectionService): Promise<void> {
  for (const c of service.listConnections()) {
    await expect(service.authorise({ id: c.id }), c.name).resolves.toMatchObject({ accessToken: expect.any(String) });
  }
}

/** The backends of the secrets files the store names (a crash copy may hold others, kept until a later start). */
const sealedBackends = (dataDir = dir) =>
  (
    JSON.parse(readFileSync(join(dataDir, 'connections.json'), 'utf8')) as { connections: { secretsRef?: string }[] }
  ).connections
    .flatMap((c) => (c.secretsRef ? [c.secretsRef] : []))
    .map(
      (ref) =>
        (JSON.parse(readFileSync(join(dataDir, 'secrets', `${ref}.json`), 'utf8')) as { backend: string }).backend,
    );

describe('a secrets password', () => {
  it('set → restart locked (the list still shows, runs say SECRETS_LOCKED) → a wrong password touches nothing → the right one opens', async () => {
    let service = open();
    expect(await call(service, 'vaultStatus', {})).toMatchObject({
      ok: true,
      data: { backend: 'dev-aes-256-gcm', secretsPassword: 'none', passwordOffered: false },
    });
    const created = await service.createConnection(jks());
    const set = await call(service, 'setSecretsPassword', { password: P1 });
    expect(set).toMatchObject({
      ok: true,
      data: { backend: PASSWORD_BACKEND, persistent: true, secretsPassword: 'unlocked' },
    });
    expect(sealedBackends()).toEqual([PASSWORD_BACKEND]); // the dev-vault file was re-sealed and removed
    expect(readFileSync(join(dir, PASSWORD_FILE), 'utf8')).not.toContain('pending');
    await allLogIn(service);

    service = open(); // a restart
    expect(await call(service, 'vaultStatus', {})).toMatchObject({
      ok: true,
      data: { secretsPassword: 'locked', backend: PASSWORD_BACKEND },
    });
    const [row] = service.listConnections();
    expect(row).toMatchObject({
      id: created.id,
      name: 'UAT integration',
      secrets: { keyStorePassword: 'saved', keyMaterial: 'saved', accessToken: 'saved' },
    });
    const locked = await call(service, 'authorise', { id: created.id });
    expect(locked).toMatchObject({
      ok: false,
      error: { code: 'SECRETS_LOCKED', hint: expect.stringMatching(/Unlock/) },
    });
    // Saving new secrets while locked is refused too, rather than silently kept for the session only.
    expect((await failure(() => service.createConnection(pem()))).code).toBe('SECRETS_LOCKED');

    const before = snapshot();
    const wrong = await call(service, 'unlockSecrets', { password: 'not it at all' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'SECRETS_PASSWORD_WRONG', hint: expect.any(String) } });
    expect(JSON.stringify(wrong)).not.toContain('not it at all');
    expect(snapshot()).toEqual(before);
    expect(await call(service, 'vaultStatus', {})).toMatchObject({ data: { secretsPassword: 'locked' } });

    expect(await call(service, 'unlockSecrets', { password: P1 })).toMatchObject({
      ok: true,
      data: { secretsPassword: 'unlocked' },
    });
    expect(snapshot()).toEqual(before);
    await allLogIn(service);
    await expect(service.testConnection({ id: created.id })).resolves.toMatchObject({
      identity: { username: USERNAME },
    });
    await service.createConnection(pem());
    await allLogIn(open_unlocked(await unlockPasswordCipher(dir, P1)));
  });

  it('is offered where there is no keyring, and turns session-only secrets into saved ones that survive a restart', async () => {
    const noKeyring = () =>
      safeStorageChoice(
        { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
        'linux',
        false,
      );
    let service = open(dir, { chooseCipher: noKeyring });
    expect(service.vaultStatus()).toMatchObject({ persistent: false, secretsPassword: 'none', passwordOffered: true });
    const created = await service.createConnection(jks());
    expect(created.secretsPersisted).toBe(false);
    await service.setSecretsPassword({ password: P1 });
    expect(service.getConnection({ id: created.id })).toMatchObject({
      secretsPersisted: true,
      secrets: { keyMaterial: 'saved' },
    });

    service = open(dir, { chooseCipher: noKeyring });
    expect(service.vaultStatus()).toMatchObject({ secretsPassword: 'locked', passwordOffered: false });
    await service.unlockSecrets({ password: P1 });
    await allLogIn(service);
  });

  it('is offered over Linux basic_text, whether or not the user opted in to it', () => {
    const basic = {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
      getSelectedStorageBackend: () => 'basic_text',
    };
    for (const allow of [false, true]) {
      const service = open(dir, { chooseCipher: (allowWeak) => safeStorageChoice(basic, 'linux', allowWeak || allow) });
      expect(service.vaultStatus().passwordOffered).toBe(true);
    }
    const keyring = { ...basic, getSelectedStorageBackend: () => 'gnome-libsecret' };
    expect(
      open(dir, { chooseCipher: (allowWeak) => safeStorageChoice(keyring, 'linux', allowWeak) }).vaultStatus(),
    ).toMatchObject({ passwordOffered: false, secretsPassword: 'none' });
  });

  it('a change re-seals every connection; the old password no longer opens; a wrong or missing current password changes nothing', async () => {
    const service = open();
    await service.createConnection(jks());
    await service.createConnection(pem());
    await service.setSecretsPassword({ password: P1 });
    const refsBefore = service.listConnections().map((c) => c.id);
    const before = snapshot();

    expect(await call(service, 'setSecretsPassword', { password: P2 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { field: 'currentPassword' } },
    });
    expect(
      await call(service, 'setSecretsPassword', { password: P2, currentPassword: 'wrong password' }),
    ).toMatchObject({ ok: false, error: { code: 'SECRETS_PASSWORD_WRONG', details: { field: 'currentPassword' } } });
    expect(await call(service, 'setSecretsPassword', { password: 'short', currentPassword: P1 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(snapshot()).toEqual(before);

    expect(await call(service, 'setSecretsPassword', { password: P2, currentPassword: P1 })).toMatchObject({
      ok: true,
      data: { secretsPassword: 'unlocked' },
    });
    const after = snapshot();
    const secretFiles = (s: Record<string, string>) =>
      Object.keys(s)
        .filter((f) => f.startsWith(`secrets${sep}`))
        .sort();
    expect(secretFiles(after)).toHaveLength(2);
    expect(secretFiles(after).filter((f) => secretFiles(before).includes(f))).toEqual([]); // every file is new
    expect(readFileSync(join(dir, PASSWORD_FILE), 'utf8')).not.toMatch(/pending|previousKeys/);
    await allLogIn(service);

    const restarted = open();
    expect((await failure(() => restarted.unlockSecrets({ password: P1 }))).code).toBe('SECRETS_PASSWORD_WRONG');
    await restarted.unlockSecrets({ password: P2 });
    expect(restarted.listConnections().map((c) => c.id)).toEqual(refsBefore);
    await allLogIn(restarted);
  });

  // A failure (an exception) at each step: before the metadata commits, everything is as it was
  // and opens with the old password; after it, the change stands and the new one opens.
  it.each<[ResealStep, 'old' | 'new']>([
    ['sealing', 'old'],
    ['sealed', 'old'],
    ['password-file', 'old'],
    ['committed', 'new'],
    ['cleaned', 'new'],
  ])('a failure at step "%s" of a change leaves the %s password opening everything', async (step, expected) => {
    let failAt: ResealStep | undefined;
    const service = open(dir, {
      onStep: (s) => {
        if (s === failAt) throw new Error(`injected failure at ${s}`);
      },
    });
    await service.createConnection(jks());
    await service.createConnection(pem());
    await service.setSecretsPassword({ password: P1 });
    const before = snapshot();
    failAt = step;
    const result = await call(service, 'setSecretsPassword', { password: P2, currentPassword: P1 });
    failAt = undefined;
    if (expected === 'old') {
      expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('injected failure') } });
      expect(snapshot()).toEqual(before); // byte for byte: the new files removed, the old password file back
      await allLogIn(service);
    } else {
      expect(result).toMatchObject({ ok: true });
    }
    const restarted = open();
    const [right, wrong] = expected === 'old' ? [P1, P2] : [P2, P1];
    expect((await failure(() => restarted.unlockSecrets({ password: wrong }))).code).toBe('SECRETS_PASSWORD_WRONG');
    await restarted.unlockSecrets({ password: right });
    await allLogIn(restarted);
  });
  // A crash (the process gone, nothing rolled back) at each step: a copy of the data directory (its lock left out: a crashed owner is gone)
  // taken at that moment must open with the old password or the new one, and every secret with it.
  it.each<[ResealStep, 'old' | 'new']>([
    ['sealing', 'old'],
    ['sealed', 'old'],
    ['password-file', 'new'],
    ['committed', 'new'],
    ['cleaned', 'new'],
  ])('a crash at step "%s" of a change leaves the %s state, complete', async (step, expected) => {
    const crashCopy = mkdtempSync(join(tmpdir(), 'jwt-connect-secpw-crash-'));
    dirs.push(crashCopy);
    let copyAt: ResealStep | undefined;
    const service = open(dir, {
      onStep: (s) => {
        if (s === copyAt) {
          cpSync(dir, crashCopy, { recursive: true });
          rmSync(join(crashCopy, LOCK_NAME), { force: true });
          copyAt = undefined;
        }
      },
    });
    await service.createConnection(jks());
    await service.createConnection(pem());
    await service.setSecretsPassword({ password: P1 });
    copyAt = step;
    await service.setSecretsPassword({ password: P2, currentPassword: P1 });

    const restarted = open(crashCopy);
    const [right, wrong] = expected === 'old' ? [P1, P2] : [P2, P1];
    expect((await failure(() => restarted.unlockSecrets({ password: wrong }))).code).toBe('SECRETS_PASSWORD_WRONG');
    await restarted.unlockSecrets({ password: right });
    await allLogIn(restarted);
    // Unlocking finished the interrupted change: one settled key, no connection left under the old one.
    // (Files no connection names but newer than the last clean save are kept until a later start.)
    expect(readFileSync(join(crashCopy, PASSWORD_FILE), 'utf8')).not.toMatch(/pending|previousKeys/);
    const settled = await unlockPasswordCipher(crashCopy, right);
    const named = (
      JSON.parse(readFileSync(join(crashCopy, 'connections.json'), 'utf8')) as {
        connections: { secretsRef?: string }[];
      }
    ).connections.flatMap((c) => (c.secretsRef ? [`${c.secretsRef}.json`] : []));
    expect(named).toHaveLength(2);
    for (const f of named) {
      expect(
        settled.sealedByCurrentKey(
          (JSON.parse(readFileSync(join(crashCopy, 'secrets', f), 'utf8')) as { data: string }).data,
        ),
      ).toBe(true);
    }
    await allLogIn(open_unlocked(settled, crashCopy));
  });

  it.each<[ResealStep, 'none' | 'set']>([
    ['sealing', 'none'],
    ['sealed', 'none'],
    ['password-file', 'set'],
    ['committed', 'set'],
    ['cleaned', 'set'],
  ])('a crash at step "%s" of setting a first password leaves it %s, every secret opening', async (step, expected) => {
    const crashCopy = mkdtempSync(join(tmpdir(), 'jwt-connect-secpw-crash-'));
    dirs.push(crashCopy);
    let copyAt: ResealStep | undefined;
    const service = open(dir, {
      onStep: (s) => {
        if (s === copyAt) {
          cpSync(dir, crashCopy, { recursive: true });
          rmSync(join(crashCopy, LOCK_NAME), { force: true });
          copyAt = undefined;
        }
      },
    });
    await service.createConnection(jks());
    await service.createConnection(pem());
    copyAt = step;
    await service.setSecretsPassword({ password: P1 });

    const restarted = open(crashCopy);
    expect(restarted.vaultStatus().secretsPassword).toBe(expected === 'none' ? 'none' : 'locked');
    if (expected === 'set') await restarted.unlockSecrets({ password: P1 });
    await allLogIn(restarted);
    if (expected === 'set') expect(sealedBackends(crashCopy)).toEqual([PASSWORD_BACKEND, PASSWORD_BACKEND]);
  });

  it('connections changed, deleted or added while the new files are being written end up right (the window stays usable meanwhile)', async () => {
    let sealed = 0;
    let during: (() => void) | undefined;
    const service = open(dir, {
      onStep: (s) => {
        if (s === 'sealing' && ++sealed === 2) during?.();
      },
    });
    const a = await service.createConnection(jks());
    const b = await service.createConnection(pem());
    const c = service.duplicateConnection({ id: b.id });
    await service.setSecretsPassword({ password: P1 });
    let d: { id: string } | undefined;
    let edits: Promise<unknown> | undefined;
    // After A and B have their new files (and before the commit), other calls change what is saved
    // (saves read the key file in a worker first, so they land while the change goes on or after it).
    during = () => {
      during = undefined;
      service.deleteConnection({ id: c.id });
      edits = Promise.all([
        service.updateConnection({
          id: b.id,
          draft: {
            ...pem(),
            secrets: { passphrase: null },
            keyFile: picked('app-pkcs8.pem'),
            description: 'edited meanwhile',
          },
        }),
        service.createConnection(pem('Added meanwhile')).then((created) => {
          d = created;
        }),
      ]);
    };
    sealed = 0;
    await service.setSecretsPassword({ password: P2, currentPassword: P1 });
    await edits;
    expect(during).toBeUndefined();

    const restarted = open();
    await restarted.unlockSecrets({ password: P2 });
    expect(
      restarted
        .listConnections()
        .map((x) => x.id)
        .sort(),
    ).toEqual([a.id, b.id, d!.id].sort());
    expect(restarted.getConnection({ id: b.id })).toMatchObject({
      description: 'edited meanwhile',
      keyFile: { fileName: 'app-pkcs8.pem' },
      secrets: { passphrase: 'missing' },
    });
    await allLogIn(restarted);
    expect(readdirSync(join(dir, 'secrets'))).toHaveLength(3); // no file left for C, none orphaned
    const settled = await unlockPasswordCipher(dir, P2);
    for (const f of readdirSync(join(dir, 'secrets'))) {
      expect(
        settled.sealedByCurrentKey(
          (JSON.parse(readFileSync(join(dir, 'secrets', f), 'utf8')) as { data: string }).data,
        ),
      ).toBe(true);
    }
  });

  it('the CLI opens a data folder set up in the app with the password alone (no dev key, no service of ours)', async () => {
    const service = open();
    await service.createConnection(jks());
    await service.createConnection(pem());
    await service.setSecretsPassword({ password: P1 });
    rmSync(join(dir, 'dev-vault.key'));
    const cipher = await unlockPasswordCipher(dir, P1);
    const cli = open_unlocked(cipher);
    expect(existsSync(join(dir, 'dev-vault.key'))).toBe(false);
    await allLogIn(cli);
  });
});

/** How the CLI opens a data folder: openNodeServices with the unlocked password cipher as the vault. */
function open_unlocked(cipher: Awaited<ReturnType<typeof unlockPasswordCipher>>, dataDir = dir): ConnectionService {
  return openNodeServices({ dataDir, platform, chooseCipher: () => ({ cipher, persistent: true }) }).service;
}
