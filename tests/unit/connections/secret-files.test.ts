// A connection whose secrets cannot be read (file missing, damaged, sealed by a keyring
// that changed) says so, and re-entering them repairs it without needing the old ones; Duplicate
// works (without them, saying so). The list learns it without decrypting every connection.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../../shared/connection.js';
import { openNodeServices } from '../../../electron/connections/open-node.js';
import { devAesGcmCipher } from '../../../electron/connections/vault.js';
import { fixture } from '../../support/helpers.js';

const platform = { fetch: globalThis.fetch };
let dir: string;
const closers: (() => void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-repair-'));
});
afterEach(() => {
  for (const c of closers.splice(0)) c();
  rmSync(dir, { recursive: true, force: true });
});
const open = (key?: Buffer) => {
  const o = openNodeServices({
    dataDir: dir,
    platform,
    ...(key && { chooseCipher: () => ({ cipher: devAesGcmCipher(key), persistent: true }) }),
  });
  closers.push(() => o.close?.());
  return o.service;
};

const pem = { fileName: 'app.pem', base64: fixture('app-pkcs8-encrypted.pem').toString('base64') };
const draft = (over: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  name: 'Prod',
  description: 'reporting',
  encryption: 'privateKey',
  consumerKey: 'ck',
  username: 'u@example.com',
  environment: 'production',
  secrets: { passphrase: 'passphrase' },
  keyFile: pem,
  ...over,
});
const secretsFiles = () => readdirSync(join(dir, 'secrets'));

describe('unreadable secrets can be repaired', () => {
  it.each([
    ['missing', () => rmSync(join(dir, 'secrets', secretsFiles()[0] as string)), /missing/],
    [
      'damaged',
      () =>
        writeFileSync(join(dir, 'secrets', secretsFiles()[0] as string), '{"backend":"dev-aes-256-gcm","data":"AAAA"}'),
      /decrypted|damaged/,
    ],
  ])(
    'a %s secrets file: the list says so, and re-entering the key and passwords repairs it',
    async (_kind, breakIt, words) => {
      const { id } = await open().createConnection(draft());
      breakIt();
      const service = open();
      service.getConnection({ id }); // opening one connection finds what the list cannot see without decrypting
      const [row] = service.listConnections();
      expect(row?.secretsProblem).toMatchObject({ code: 'VAULT_UNAVAILABLE', message: expect.stringMatching(words) });
      expect(row?.secrets).toMatchObject({ keyMaterial: 'missing', passphrase: 'missing' });

      // a save of details only keeps the (unreadable) file and the new details
      expect(
        (
          await service.updateConnection({
            id,
            draft: { ...draft({ description: 'edited' }), keyFile: undefined, secrets: {} },
          })
        ).description,
      ).toBe('edited');
      // passwords without the key file: told to pick the key file too
      await expect(service.updateConnection({ id, draft: { ...draft(), keyFile: undefined } })).rejects.toThrow(
        expect.objectContaining({ code: 'BAD_INPUT', details: { field: 'keyFile' } }),
      );
      // the key file and passwords again: repaired, without the old secrets, details kept
      const repaired = await service.updateConnection({ id, draft: draft({ description: 'edited' }) });
      expect(repaired).toMatchObject({ description: 'edited', secrets: { keyMaterial: 'saved', passphrase: 'saved' } });
      expect(repaired.secretsProblem).toBeUndefined();
      expect((await open().inspectKeyFile({ id })).format).toBe('pem');
    },
  );

  it('secrets sealed by a keyring that changed: said, repaired, duplicated without them', async () => {
    const { id } = await open(Buffer.alloc(32, 1)).createConnection(draft());
    const service = open(Buffer.alloc(32, 2)); // the keyring was reset
    expect(service.getConnection({ id }).secretsProblem?.message).toMatch(/decrypted/);
    expect(service.listConnections()[0]?.secretsProblem).toBeDefined();

    const copy = service.duplicateConnection({ id });
    expect(copy).toMatchObject({
      name: 'Copy of Prod',
      secrets: { keyMaterial: 'missing' },
      notice: expect.stringContaining('without'),
    });
    expect(copy.secretsProblem).toBeUndefined();

    await service.updateConnection({ id, draft: draft() });
    expect(service.getConnection({ id })).toMatchObject({ secrets: { keyMaterial: 'saved' } });
    expect(service.getConnection({ id }).secretsProblem).toBeUndefined();
  });

  it('the list does not decrypt: a missing file shows at once, with no other call', async () => {
    const service = open();
    const { id } = await service.createConnection(draft());
    await service.createConnection(draft({ name: 'Other' }));
    const reopened = open();
    const files = secretsFiles();
    rmSync(join(dir, 'secrets', files[0] as string));
    const rows = open().listConnections();
    expect(rows.filter((r) => r.secretsProblem)).toHaveLength(1);
    expect(reopened.getConnection({ id })).toBeDefined();
  });
});
