// listRows: only what a list row shows, the total beside the filtered rows, through the contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api.js';
import { openNodeServices } from '../../../electron/connections/open-node.js';
import { seedRows } from '../../e2e/list-seed.js';

let dir: string;
let opened: ReturnType<typeof openNodeServices>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-rows-'));
  opened = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('listRows', () => {
  it('answers the filtered rows with the total of all saved connections', () => {
    seedRows(opened.repository, 5);
    const { rows, total } = opened.service.listRows({ search: 'nothing like this' });
    expect(rows).toEqual([]);
    expect(total).toBe(5);
    expect(opened.service.listRows({ search: 'connection 3' }).rows.map((r) => r.name)).toEqual(['Connection 3']);
  });

  it('carries only what a row shows: no key file, consumer key, secrets flags or long description', async () => {
    seedRows(opened.repository, 1, undefined, true);
    const [c] = opened.repository.all();
    opened.repository.put([{ ...c!, description: 'x'.repeat(2000) }]);
    const answer = await dispatch(opened.service, 'listRows', { sort: 'name' });
    expect(answer.ok).toBe(true);
    const row = (answer as { data: { rows: Record<string, unknown>[] } }).data.rows[0]!;
    // The seeded row names a key file whose key was never stored: its row says "Secrets missing".
    expect(Object.keys(row).sort()).toEqual([
      'certificateDaysLeft',
      'description',
      'environment',
      'id',
      'lastTest',
      'name',
      'secretsMissing',
      'secretsPersisted',
      'updatedAt',
      'username',
    ]);
    expect((row.description as string).length).toBeLessThanOrEqual(160);
    // 10,000 rows stay a compact answer (the full views were ~9 MB)
    seedRows(opened.repository, 10_000, undefined, true);
    expect(JSON.stringify(opened.service.listRows({})).length).toBeLessThan(4_500_000);
  });

  it('marks what keeps a saved connection from logging in, and carries a My Domain URL', async () => {
    const base = {
      encryption: 'jks' as const,
      username: 'ops@acme.com',
      environment: 'mydomain' as const,
      secrets: {},
    };
    await opened.service.createConnection({
      ...base,
      name: 'Half',
      consumerKey: '',
      myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com',
    });
    await opened.service.createConnection({ ...base, name: 'No domain', consumerKey: 'k', username: 'not-an-email' });
    const rows = Object.fromEntries(opened.service.listRows({}).rows.map((r) => [r.name, r]));
    expect(rows.Half?.incomplete).toEqual(['Consumer Key', 'Key Store', 'Key Store Password']);
    expect(rows.Half?.myDomainUrl).toBe('https://acme--uat.sandbox.my.salesforce.com');
    expect(rows.Half?.secretsMissing).toBeUndefined(); // no key was ever named: incomplete, not missing
    expect(rows['No domain']?.incomplete).toEqual(['Username', 'My Domain URL', 'Key Store', 'Key Store Password']);
  });

  it('refuses a hostile query through the contract', async () => {
    const answer = await dispatch(opened.service, 'listRows', { search: 'x'.repeat(10_000) });
    expect(answer.ok).toBe(false);
  });
});
