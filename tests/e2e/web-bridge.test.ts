// The browser mode in Chromium against the real bridge: the one-time #token leaves the address bar as
// soon as the page reads it (whatever it holds), a malformed one is not used, and no other site can
// show the page inside a frame of its own.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { startWebBridge, type WebBridge } from '../../electron/web-bridge-server.js';
import { closeBrowser, launchBrowser } from './harness.js';

let bridge: WebBridge;
let context: BrowserContext;
let page: Page;
let dataDir: string;
let close: () => void;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'jwt-connect-e2e-bridge-'));
  const opened = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch } });
  close = () => opened.close?.();
  await opened.service.createConnection({
    name: 'Acme prod',
    encryption: 'privateKey',
    consumerKey: '3MVG9.acme',
    username: 'integration@acme.com',
    environment: 'production',
  });
  bridge = await startWebBridge({
    service: opened.service,
    staticDir: join(import.meta.dirname, '..', '..', 'dist', 'renderer'),
    token: randomBytes(24).toString('base64url'),
  });
  context = await (await launchBrowser()).newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
  await bridge.close();
  close();
  rmSync(dataDir, { recursive: true, force: true });
});
afterAll(async () => {
  await closeBrowser();
});

const bare = () => bridge.url.replace(/#.*/, '');

describe('the one-time token in the address bar', () => {
  it('is gone once the page has read it, and the page works', async () => {
    await page.goto(bridge.url);
    await expect.poll(() => page.locator('.row-name').first().textContent()).toBe('Acme prod');
    expect(page.url()).toBe(bare());
  });

  it.each([
    ['a malformed escape', '#token=abc%E0%A4%Adef-ghi-jkl-mno'],
    ['characters no token has', '#token=ünïcödé-tökén-that-is-long-enough'],
    ['more after it', '#view=list&token=short'],
  ])('holding %s is gone too, and not used: the page says it has no token', async (_name, hash) => {
    await page.goto(`${bare()}${hash}`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('it has no token (HTTP 401)');
    expect(page.url()).toBe(bare());
  });
});

describe('framing', () => {
  it('another page on this computer (another port: a dev server, a local tool) cannot show it in a frame', async () => {
    // A public site cannot reach loopback from Chromium at all; a local one can, and is what remains.
    const framing = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        `<html><body><iframe src="${bridge.url.replace('127.0.0.1', 'localhost')}" width="800" height="600"></iframe></body></html>`,
      );
    });
    await new Promise<void>((resolve) => framing.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(framing.address() as AddressInfo).port}/`);
      const framed = page.frames().find((f) => f !== page.mainFrame());
      // Chromium shows its own error page in a refused frame: none of the app is in it.
      await expect.poll(() => framed?.url()).toBe('chrome-error://chromewebdata/');
      expect(await framed?.evaluate(() => document.querySelector('#root') !== null)).toBe(false);
    } finally {
      framing.close();
    }
  });
});
