// The default connection is an optional field of the store's settings: an older store without it
// reads as before, the choice survives a reopen, and a deleted connection is no default any more.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { tempDir } from '../support/cli-helpers.js';

let data: ReturnType<typeof tempDir> | undefined;
afterEach(() => data?.remove());
const open = (dir: string) => openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
const draft = (name: string) => ({
  name,
  encryption: 'privateKey' as const,
  consumerKey: 'ck',
  username: 'u@example.com',
  environment: 'production' as const,
});

describe('the default connection in the store', () => {
  it('reads a store written before it existed, then keeps the choice across a reopen', async () => {
    data = tempDir('jwt-default-');
    const store = join(data.dir, 'connections.json');
    const first = open(data.dir);
    const uat = await first.service.createConnection(draft('UAT'));
    first.close();
    const old = JSON.parse(readFileSync(store, 'utf8'));
    expect(old.settings).toEqual({ allowWeakVault: false }); // what an older jwt-connect wrote
    writeFileSync(store, JSON.stringify(old));

    const again = open(data.dir);
    expect(again.service.listConnections({})).toHaveLength(1);
    expect(again.service.defaultConnection()).toBeUndefined();
    expect(() => again.service.setDefaultConnection('no-such-id')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    again.service.setDefaultConnection(uat.id);
    again.close();
    expect(JSON.parse(readFileSync(store, 'utf8')).settings).toEqual({
      allowWeakVault: false,
      defaultConnection: uat.id,
    });

    const third = open(data.dir);
    expect(third.service.defaultConnection()?.name).toBe('UAT');
    third.service.deleteConnection({ id: uat.id });
    expect(third.service.defaultConnection()).toBeUndefined();
    third.service.setDefaultConnection(null);
    third.close();
    expect(JSON.parse(readFileSync(store, 'utf8')).settings).toEqual({ allowWeakVault: false });
  });
});
