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
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--web'], { cwd: root, env: { ...process.env, JWT_CONNECT_DEMO_DIR: demoDir }, stdio: ['ignore', 'pipe', 'pipe'] });
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
    await expect.poll(() => page.getByRole('region', { name: /Connection works/ }).textContent()).toContain('Demo Org (local emulator)');
    await page.locator('.row-main', { hasText: 'Demo: user not pre-authorized' }).click();
    await page.getByRole('button', { name: 'Authorise', exact: true }).click();
    await expect.poll(() => page.locator('.checklist [data-step="policy"]').getAttribute('class')).toContain('flagged');
    // the token stays in the page's session; a page without it is refused by the bridge
    const other = await context.newPage();
    await other.goto(url.replace(/#.*$/, ''));
    await expect.poll(() => other.getByRole('alert').first().textContent()).toContain('dev bridge refused');
    await context.close();
  });
});
