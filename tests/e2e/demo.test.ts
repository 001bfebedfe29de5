// npm run demo, as a newcomer would use it without Electron: the browser mode over the dev bridge.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser } from './harness.js';

const root = join(import.meta.dirname, '..', '..');
const demoDir = mkdtempSync(join(tmpdir(), 'jwt-connect-demo-'));
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--web'], {
    cwd: root,
    env: { ...process.env, JWT_CONNECT_DEMO_DIR: demoDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
  });
});
afterAll(async () => {
  child.kill('SIGTERM');
  await closeBrowser();
  rmSync(demoDir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('serves the app on loopback with pre-filled connections that authorise against its emulator', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
    const context = await (await launchBrowser()).newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.row-main', { hasText: 'Demo (local emulator)' }).click();
    await page.getByRole('button', { name: 'Test Connection', exact: true }).click();
    await expect
      .poll(() => page.getByRole('region', { name: /Connection works/ }).textContent())
      .toContain('Demo Org (local emulator)');
    await page.locator('.row-main', { hasText: 'Demo: user not pre-authorized' }).click();
    await page.getByRole('button', { name: 'Authorise', exact: true }).click();
    await expect.poll(() => page.locator('.checklist [data-step="policy"]').getAttribute('class')).toContain('flagged');
    // the token stays in the page's session; a page without it is refused by the bridge
    const other = await context.newPage();
    await other.goto(url.replace(/#.*$/, ''));
    // Either the renderer's own words or the bridge's 401 envelope (whose hint names the terminal).
    await expect
      .poll(() => other.getByRole('alert').first().textContent())
      .toMatch(/dev bridge refused|without the browser mode's token/);
    await context.close();
  });
});

/** Starts npm run demo (browser mode) and waits for its URL; the caller stops it. */
async function startDemo(dir: string, ...args: string[]) {
  const demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--web', ...args], {
    cwd: root,
    env: { ...process.env, JWT_CONNECT_DEMO_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => demo.on('exit', () => resolve()));
  const demoUrl = await new Promise<string>((resolve, reject) => {
    demo.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    demo.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
  });
  const token = new URL(demoUrl).hash.slice('#token='.length);
  const call = async (method: string, input: unknown) =>
    (await (
      await fetch(new URL(`/api/${method}`, demoUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-jwt-connect-token': token },
        body: JSON.stringify(input),
      })
    ).json()) as { ok: boolean; data: any };
  const stop = async () => {
    demo.kill('SIGTERM');
    await exited;
  };
  return { output: () => out, call, stop };
}

describe('npm run demo, run again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-demo-again-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const names = async (call: (m: string, i: unknown) => Promise<{ data: { name: string }[] }>) =>
    (await call('listConnections', {})).data.map((c) => c.name).sort();

  it('keeps what the user made in the demo data, re-creates only the demo connections, and --reset says what it deletes', async () => {
    const first = await startDemo(dir);
    expect(first.output()).toContain(`Demo data: ${dir} (kept between runs; npm run demo -- --reset deletes it)`);
    expect((await first.call('createConnection', { name: 'Made during the demo', encryption: 'privateKey' })).ok).toBe(
      true,
    );
    await first.stop();

    const second = await startDemo(dir);
    try {
      expect(await names(second.call)).toEqual([
        'Demo (local emulator)',
        'Demo: user not pre-authorized',
        'Made during the demo',
      ]);
      expect(second.output()).toContain('your 1 other connection in the demo data is kept');
      // the re-created demo connection works against this run's emulator and key
      const demo = (await second.call('listConnections', { search: 'Demo (local emulator)' })).data[0];
      expect((await second.call('authorise', { id: demo.id })).ok).toBe(true);
    } finally {
      await second.stop();
    }

    const reset = await startDemo(dir, '--reset');
    try {
      expect(reset.output()).toMatch(
        new RegExp(
          `--reset: DELETING ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 3 saved connections \\(.*"Made during the demo".*\\), their secrets and the demo vault key\\.`,
        ),
      );
      expect(await names(reset.call)).toEqual(['Demo (local emulator)', 'Demo: user not pre-authorized']);
    } finally {
      await reset.stop();
    }
  });
});
