// The UI in Debian's Chromium, with window.api bound to the real services in this process
// (Playwright exposeBinding), generated from the same contract table as the preload.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { API_METHODS } from '../../shared/api.js';
import { dispatch } from '../../electron/api.js';
import { openNodeServices, type NodeServicesOptions } from '../../electron/connections/open-node.js';
import type { ConnectionRepository } from '../../electron/connections/repository.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import type { Platform } from '../../electron/salesforce/authorise.js';
import { toErrorInfo } from '../../shared/errors.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';

// https so the page is a secure context (the Copy button's clipboard); routed, never on the network.
export const APP_ORIGIN = 'https://jwt-connect.test';
const RENDERER = join(import.meta.dirname, '..', '..', 'dist', 'renderer');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface AppHarness {
  page: Page;
  context: BrowserContext;
  emulator: SalesforceEmulator;
  dataDir: string;
  /** The services the page is bound to (seed or inspect them directly). */
  readonly service: ConnectionService;
  /** The store under it: seed thousands of rows without a save each. */
  readonly repository: ConnectionRepository;
  /** Every download the page started, in order (the reopened page's too). */
  readonly downloads: Download[];
  /** The text of the latest download whose file name ends with `suffix`, once there is one. */
  downloaded(suffix: string): Promise<string>;
  /** Open the app again on the same data directory, as after a restart. */
  reopen(): Promise<Page>;
  close(): Promise<void>;
}

let browser: Browser | undefined;

export async function launchBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

async function openPage(context: BrowserContext, downloads: Download[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  page.on('download', (d) => downloads.push(d));
  await page.goto(`${APP_ORIGIN}/index.html`);
  return page;
}

export interface StartOptions {
  width?: number;
  height?: number;
  /** How the data folder is opened (e.g. with the secrets password offered, or without a keyring). */
  services?: Pick<NodeServicesOptions, 'chooseCipher' | 'secretsPassword'>;
  /** Runs on the fresh data directory before the services open it (seed a store, damage it…). */
  beforeOpen?: (dataDir: string) => void;
  /**
   * Extra or replaced API methods answered here instead of by the service: a stand-in for a
   * method another branch adds, until it is merged. Each answers with the envelope's data.
   */
  methods?: Record<string, (input: unknown, service: ConnectionService) => unknown>;
  /** Platform parts in place of the defaults (globalThis.fetch, the real clock): a fetch through a
   *  test proxy to Salesforce's host names, a fast Keep trying clock. */
  platform?: Partial<Platform>;
}

export async function startApp(options: StartOptions = {}): Promise<AppHarness> {
  const emulator = await startEmulator();
  const dataDir = mkdtempSync(join(tmpdir(), 'jwt-connect-e2e-'));
  options.beforeOpen?.(dataDir);
  const platform: Platform = { fetch: globalThis.fetch, ...options.platform };
  let opened = openNodeServices({ dataDir, platform, ...options.services });
  let service = opened.service;
  const extra = options.methods ?? {};
  const b = await launchBrowser();
  const context = await b.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    baseURL: APP_ORIGIN,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP_ORIGIN });
  await context.exposeBinding('__jwtConnectCall', async (_source, method: unknown, input: unknown) => {
    const stand = typeof method === 'string' && Object.hasOwn(extra, method) ? extra[method] : undefined;
    if (!stand) return dispatch(service, method, input);
    try {
      return { ok: true, data: await stand(input, service) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  });
  await context.addInitScript(
    (methods: string[]) => {
      const call = (window as unknown as { __jwtConnectCall: (m: string, i: unknown) => Promise<unknown> })
        .__jwtConnectCall;
      (window as unknown as { api: unknown }).api = Object.fromEntries(
        methods.map((m) => [m, (input: unknown) => call(m, input)]),
      );
    },
    [...new Set([...API_METHODS, ...Object.keys(extra)])],
  );
  await context.route(`${APP_ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = normalize(join(RENDERER, path === '/' ? 'index.html' : path));
    if (!file.startsWith(RENDERER)) return route.fulfill({ status: 403 });
    try {
      await route.fulfill({
        status: 200,
        contentType: TYPES[extname(file)] ?? 'application/octet-stream',
        body: readFileSync(file),
      });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
  const downloads: Download[] = [];
  let page = await openPage(context, downloads);
  return {
    get page() {
      return page;
    },
    context,
    emulator,
    dataDir,
    get service() {
      return service;
    },
    get repository() {
      return opened.repository;
    },
    downloads,
    async downloaded(suffix) {
      const named = () => downloads.filter((d) => d.suggestedFilename().endsWith(suffix)).at(-1);
      await expect.poll(() => named()?.suggestedFilename(), { message: `a download named *${suffix}` }).toBeDefined();
      return readFileSync(await named()!.path(), 'utf8');
    },
    async reopen() {
      await page.close({ runBeforeUnload: false });
      opened = openNodeServices({ dataDir, platform, ...options.services }); // a fresh process would read the files anew
      service = opened.service;
      page = await openPage(context, downloads);
      return page;
    },
    async close() {
      await context.close();
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh app for each test of the file (its own data folder, emulator and page), closed after the
 * test, and the browser closed after the file. `onStart` gets each app as it starts, to keep it in
 * the file's variables or to seed it; the app is closed even when `onStart` fails.
 */
export function appForEachTest(options: StartOptions, onStart: (app: AppHarness) => void | Promise<void>): void {
  let current: AppHarness | undefined;
  beforeEach(async () => {
    current = await startApp(options);
    await onStart(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(closeBrowser);
}

/**
 * For files whose tests each start their own app (with options of their own) and other servers:
 * `start` starts an app that is closed after the test; what a test hands to `cleanup` is closed
 * after it too, last first. The browser is closed after the file.
 */
export function appsForEachTest(): {
  start(options?: StartOptions): Promise<AppHarness>;
  cleanup(close: () => unknown): void;
} {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(closeBrowser);
  return {
    async start(options = {}) {
      const app = await startApp(options);
      closers.push(() => app.close());
      return app;
    },
    cleanup(close) {
      closers.push(close);
    },
  };
}
