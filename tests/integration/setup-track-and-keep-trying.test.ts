// The setup track saved with a connection (new ones ECA, older ones without a track keep the
// Connected App checklist, exports carry it), and Keep trying through the service as the window
// uses it: progress polled while it runs, Cancel, the 10-minute cap of the contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { ConnectionDraft } from '../../shared/connection.js';
import type { KeepTryingProgress } from '../../shared/keep-trying.js';
import { setupTrackOf } from '../../shared/salesforce-setup.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, USERNAME, failure, fixture, scaledClock, startEmulator } from '../support/helpers.js';

let emulator: SalesforceEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-setup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const pem = () => ({ fileName: 'app-pkcs8.pem', base64: fixture('app-pkcs8.pem').toString('base64') });
const draft = (over: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  name: 'ECA',
  encryption: 'privateKey',
  consumerKey: CONSUMER_KEY,
  username: USERNAME,
  environment: 'mydomain',
  myDomainUrl: emulator.url,
  keyFile: pem(),
  ...over,
});

describe('the track saved with a connection', () => {
  it('is the External Client App one for a new connection, kept on edit, and carried by an export', async () => {
    const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    try {
      const created = await service.createConnection(draft());
      expect(created.setupTrack).toBe('eca');
      const { setupTrack: _t, ...withoutTrack } = draft();
      expect(
        (await service.updateConnection({ id: created.id, draft: { ...withoutTrack, description: 'x' } })).setupTrack,
      ).toBe('eca');
      expect(
        (await service.updateConnection({ id: created.id, draft: draft({ setupTrack: 'connectedApp' }) })).setupTrack,
      ).toBe('connectedApp');
      const exported = await service.exportConnections({ includeSecrets: false });
      expect(JSON.parse(exported.text).connections[0].setupTrack).toBe('connectedApp');
    } finally {
      close();
    }
  });

  it('a connection an older version saved (no track) still reads, without a track', async () => {
    const first = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    const created = await first.service.createConnection(draft());
    const { setupTrack: _t, ...older } = first.repository.get(created.id)!;
    first.repository.put([older]);
    first.close();
    const again = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    try {
      const read = again.service.getConnection({ id: created.id });
      expect(read.setupTrack).toBeUndefined();
      expect(setupTrackOf(read)).toBe('connectedApp');
    } finally {
      again.close();
    }
  });
});

describe("Keep trying through the service (the window's way)", () => {
  it('retries a new app\'s "not installed" until it works; the progress shows each attempt and the time left', async () => {
    const { service, close } = openNodeServices({
      dataDir: dir,
      platform: { fetch: globalThis.fetch, waitClock: scaledClock(100) },
    });
    try {
      emulator.addApp({
        kind: 'eca',
        consumerKey: 'new-eca',
        certificatePem: fixture('app.crt').toString('utf8'),
        propagation: { delayMs: 300, answer: 'app_not_found' },
      });
      expect(service.keepTryingProgress()).toBeNull();
      const seen: KeepTryingProgress[] = [];
      const poll = setInterval(() => {
        const p = service.keepTryingProgress();
        if (p) seen.push(p);
      }, 20);
      const result = await service.authorise({
        draft: draft({ consumerKey: 'new-eca' }),
        keepTrying: { seconds: 600 },
      });
      clearInterval(poll);
      expect(result.accessToken).toBeTruthy();
      const last = service.keepTryingProgress()!;
      expect(last.running).toBe(false);
      expect(last.attempts.at(-1)).toMatchObject({ ok: true });
      expect(last.attempts.slice(0, -1).map((a) => a.code)).toEqual(
        last.attempts.slice(0, -1).map(() => 'APP_NOT_INSTALLED'),
      );
      expect(last.attempts.length).toBeGreaterThanOrEqual(2);
      expect(seen.some((p) => p.running && p.nextInMs !== undefined && p.nextInMs <= 30_000)).toBe(true);
      expect(seen.every((p) => p.remainingMs <= 600_000)).toBe(true);
    } finally {
      close();
    }
  });

  it('Cancel stops the waiting at once with the last answer', async () => {
    const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } }); // the real clock: 10 s pauses
    try {
      const running = failure(
        service.authorise({
          draft: draft({ consumerKey: 'external-app-not-installed' }),
          keepTrying: { seconds: 600 },
        }),
      );
      await expect.poll(() => service.keepTryingProgress()?.attempts.length).toBe(1);
      const started = Date.now();
      expect(service.stopKeepTrying()).toEqual({ stopped: true });
      expect((await running).code).toBe('APP_NOT_INSTALLED');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(service.keepTryingProgress()).toMatchObject({ running: false, cancelled: true });
      expect(service.stopKeepTrying()).toEqual({ stopped: false });
    } finally {
      close();
    }
  });

  it('the window may ask for at most 10 minutes', async () => {
    const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    try {
      const answer = await dispatch(service, 'authorise', { draft: draft(), keepTrying: { seconds: 601 } });
      expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    } finally {
      close();
    }
  });
});
