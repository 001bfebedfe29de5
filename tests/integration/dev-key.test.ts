// The development vault's key file: processes starting on a fresh folder at once agree on one key,
// and a damaged key file is a typed error, not a crash.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateDevKey } from '../../electron/connections/vault.js';

const run = promisify(execFile);
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dev-vault.key', () => {
  it('four processes creating it at the same moment all get the same key, and no temp file is left', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-connect-devkey-'));
    const path = join(dir, 'dev-vault.key');
    const startAt = String(Date.now() + 1500);
    const child = join(import.meta.dirname, 'dev-key-child.ts');
    const outs = await Promise.all(
      [1, 2, 3, 4].map(() => run(process.execPath, ['--import', 'tsx', child, path, startAt]).then((r) => r.stdout)),
    );
    expect(outs.filter((o) => o.startsWith('ERROR'))).toEqual([]);
    expect(new Set(outs).size).toBe(1);
    expect(loadOrCreateDevKey(path).toString('base64')).toBe(outs[0]);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir)).toEqual(['dev-vault.key']);
  }, 30_000);

  it('a damaged key file is VAULT_UNAVAILABLE with a hint', () => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-connect-devkey-'));
    writeFileSync(join(dir, 'dev-vault.key'), 'not a key\n');
    expect(() => loadOrCreateDevKey(join(dir, 'dev-vault.key'))).toThrow(
      expect.objectContaining({ code: 'VAULT_UNAVAILABLE', hint: expect.stringContaining('dev-vault.key') }),
    );
  });
});
