// npm start where Electron's binary is missing and cannot be downloaded (as on our build machines):
// one sentence, then the browser mode; and where a binary is there, it is launched on this folder.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installedElectron } from '../../scripts/electron-binary.js';

const root = join(import.meta.dirname, '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'jwt-connect-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A loopback port nobody listens on: the download fails at once, wherever the test runs. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startScript(env: NodeJS.ProcessEnv) {
  const clean = { ...process.env };
  delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD; // .ci/run sets it; the download itself is under test here
  delete clean.ELECTRON_OVERRIDE_DIST_PATH;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => { output.stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output.stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

describe('npm start', () => {
  it.skipIf(Boolean(installedElectron().binary))('without Electron\'s binary: says why in one sentence and serves the browser mode', async () => {
    const { child, output, exited } = startScript({
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
      electron_config_cache: join(temp, 'electron-cache'),
      JWT_CONNECT_DATA_DIR: join(temp, 'data'),
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /Open:\s+(\S+)/.exec(output.stdout);
          if (m?.[1]) { clearInterval(timer); resolve(m[1]); }
        }, 50);
        void exited.then((code) => { clearInterval(timer); reject(new Error(`start exited with ${code}: ${output.stdout}${output.stderr}`)); });
      });
      const lines = output.stdout.split('\n');
      const sentenceAt = lines.findIndex((l) => l.startsWith('The desktop window cannot open'));
      expect(lines[sentenceAt]).toMatch(/^The desktop window cannot open because Electron's binary is not installed and its download failed \(fetch failed\), so jwt-connect runs in your browser instead\.$/);
      expect(lines[sentenceAt + 1]).toBe('jwt-connect (browser dev mode)');
      expect(output.stdout + output.stderr).not.toMatch(/^\s+at /m); // no stack trace
      expect(output.stderr).toBe('');

      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const token = new URL(url).hash.slice('#token='.length);
      const api = await fetch(new URL('/api/vaultStatus', url), { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-jwt-connect-token': token }, body: '{}' });
      expect(await api.json()).toMatchObject({ ok: true, data: { backend: 'dev-aes-256-gcm' } });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it.skipIf(process.platform === 'win32')('with a binary: launches it on this folder and exits with its code', async () => {
    const dist = join(temp, 'fake-electron');
    mkdirSync(join(dist, 'Electron.app', 'Contents', 'MacOS'), { recursive: true });
    for (const file of ['electron', join('Electron.app', 'Contents', 'MacOS', 'Electron')]) {
      writeFileSync(join(dist, file), '#!/bin/sh\necho "fake electron in $(pwd) with: $*"\nexit 3\n');
      chmodSync(join(dist, file), 0o755);
    }
    const { output, exited } = startScript({ ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(await exited).toBe(3);
    expect(output.stdout).toBe(`fake electron in ${root} with: .\n`);
  });
});
