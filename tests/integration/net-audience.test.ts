// An assertion signed for Salesforce goes only to Salesforce. The emulator is reached over TLS under
// real host names through the test CONNECT proxy: once as a Salesforce My Domain (acme.my.salesforce.com)
// and once as a stranger's host (evil.example, a typo-squatted or shared-file My Domain). What each one
// receives is recorded, so the tests see which audiences left this computer and for whom.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { dispatch } from '../../electron/api.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise, type AuthoriseInput, type Platform } from '../../electron/salesforce/authorise.js';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { makeTestCa } from '../emulator/test-ca.js';
import { cli } from '../support/cli-helpers.js';
import { CONSUMER_KEY, FIXTURES, USERNAME, failure, fixture, startEmulator } from '../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });
const SALESFORCE = 'acme.my.salesforce.com';
const STRANGER = 'evil.example';
const LOGIN = 'https://login.salesforce.com';

let org: SalesforceEmulator; // a real org's My Domain that accepts only login.salesforce.com as audience
let stranger: SalesforceEmulator; // answers "audience is invalid" to everything, and keeps what it got
let proxy: ConnectProxy;
let platform: Platform;
let proxyEnv: Record<string, string>;
let caPem: string;
const dirs: string[] = [];
const closers: (() => void)[] = [];

beforeAll(async () => {
  const ca = makeTestCa([SALESFORCE, STRANGER]);
  caPem = ca.caPem;
  const tls = { certPem: ca.certPem, keyPem: ca.keyPem };
  org = await startEmulator({ tls, publicHost: SALESFORCE, audiences: [LOGIN] });
  stranger = await startEmulator({ tls, publicHost: STRANGER, audiences: ['https://nobody.invalid'] });
  proxy = new ConnectProxy({ hosts: { [SALESFORCE]: '127.0.0.1', [STRANGER]: '127.0.0.1' } });
  proxyEnv = { HTTPS_PROXY: await proxy.start() };
  platform = { fetch: createNodeFetch(proxyEnv, { ca: caPem }) };
});
afterAll(async () => {
  for (const close of closers.splice(0)) close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await proxy.stop();
  await org.stop();
  await stranger.stop();
});
beforeEach(() => {
  org.tokenRequests.length = 0;
  stranger.tokenRequests.length = 0;
  stranger.requestLog.length = 0;
});

function services(): ConnectionService {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-audience-'));
  dirs.push(dir);
  const opened = openNodeServices({ dataDir: dir, platform });
  closers.push(() => opened.close?.());
  return opened.service;
}

const input = (over: Partial<AuthoriseInput>): AuthoriseInput => ({
  key,
  consumerKey: CONSUMER_KEY,
  username: USERNAME,
  environment: 'mydomain',
  timeoutSeconds: 5,
  ...over,
});
const audiencesAt = (emulator: SalesforceEmulator) => emulator.tokenRequests.map((r) => r.audience);

describe('the informed audience retry', () => {
  it('still happens for a Salesforce My Domain: the org gets its own URL, then login.salesforce.com', async () => {
    const result = await authorise(input({ myDomainUrl: org.url }), platform);
    expect(result.audience).toBe(LOGIN);
    expect(result.audienceNote).toMatch(/login\.salesforce\.com worked/);
    expect(audiencesAt(org)).toEqual([org.url, LOGIN]);
  });

  it('never happens for a stranger\'s host that answers "audience is invalid": no assertion for login or test leaves', async () => {
    const error = await failure(authorise(input({ myDomainUrl: stranger.url }), platform));
    expect(error.code).toBe('AUDIENCE_INVALID');
    expect(audiencesAt(stranger)).toEqual([stranger.url]);
  });

  it('does not hand this computer an assertion for login.salesforce.com either', async () => {
    const local = await startEmulator({ audiences: [LOGIN] });
    try {
      expect((await failure(authorise(input({ myDomainUrl: local.url }), platform))).code).toBe('AUDIENCE_INVALID');
      expect(audiencesAt(local)).toEqual([local.url]);
    } finally {
      await local.stop();
    }
  });
});

describe('an Audience override for another host than the token host', () => {
  it('is refused before anything is signed, naming both hosts', async () => {
    const error = await failure(authorise(input({ myDomainUrl: stranger.url, audience: LOGIN }), platform));
    expect(error.code).toBe('AUDIENCE_HOST_MISMATCH');
    expect(error.message).toContain('login.salesforce.com (a Salesforce host)');
    expect(error.message).toContain(`${STRANGER} (not a Salesforce host)`);
    expect(error.hint).toMatch(/Clear the Audience/);
    expect(error.details).toMatchObject({
      field: 'audience',
      tokenHost: STRANGER,
      audienceHost: 'login.salesforce.com',
    });
    expect(stranger.requestLog).toEqual([]);
  });

  it('is accepted between two Salesforce hosts (an Experience Cloud site as audience)', async () => {
    const error = await failure(
      authorise(input({ myDomainUrl: org.url, audience: 'https://acme.my.site.com' }), platform),
    );
    expect(error.code).toBe('AUDIENCE_INVALID'); // sent, and the org answered; not refused here
    expect(audiencesAt(org)).toEqual(['https://acme.my.site.com']);
  });

  it('is refused from a shared definitions-only file once the user picks their own key, before any request', async () => {
    // Someone else's file: My Domain = their host, Audience = login.salesforce.com, no secrets.
    const theirs = services();
    await theirs.createConnection({
      name: 'Team prod',
      encryption: 'privateKey',
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      environment: 'mydomain',
      myDomainUrl: stranger.url,
      audience: LOGIN,
    });
    const { text } = await theirs.exportConnections({ includeSecrets: false });
    const mine = services();
    const imported = await mine.importConnections({ text });
    const id = imported.imported[0]?.id as string;
    const view = mine.getConnection({ id });
    const ownKey = { fileName: 'mine.pem', base64: fixture('app-pkcs8.pem').toString('base64') };
    const draft: ConnectionDraft = { ...view, secrets: {}, keyFile: ownKey };
    // The window's Authorise goes through the API's dispatcher, as IPC and the bridges do.
    const answer = await dispatch(mine, 'authorise', { id, draft });
    expect(answer).toMatchObject({ ok: false, error: { code: 'AUDIENCE_HOST_MISMATCH' } });
    // Saved with the key, then Test Connection and Open in Salesforce: the same refusal.
    await mine.updateConnection({ id, draft });
    for (const method of ['authorise', 'testConnection', 'openInSalesforce'] as const) {
      expect(await dispatch(mine, method, { id }), method).toMatchObject({
        ok: false,
        error: { code: 'AUDIENCE_HOST_MISMATCH' },
      });
    }
    expect(stranger.requestLog).toEqual([]);
  });

  it('is refused by the CLI with flags, before the key file is read', async () => {
    const run = await cli(
      [
        'authorise',
        '--consumer-key',
        CONSUMER_KEY,
        '--username',
        USERNAME,
        '--my-domain',
        stranger.url,
        '--audience',
        LOGIN,
        '--private-key',
        join(FIXTURES, 'no-such-key.pem'),
        '--json',
      ],
      { platform },
    );
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; hint: string } };
    expect(error.code).toBe('AUDIENCE_HOST_MISMATCH');
    expect(error.hint).toMatch(/^Clear --audience .* check --my-domain/);
    expect(stranger.requestLog).toEqual([]);
  });
});
