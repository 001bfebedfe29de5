// npm start where Electron's binary is missing and cannot be downloaded (as on our build machines):
// one sentence, then the browser mode; and where a binary is there, it is launched on this folder.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
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

function startScript(env: NodeJS.ProcessEnv, script = 'scripts/start.ts', cwd = root) {
  const clean = { ...process.env };
  delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD; // .ci/run sets it; the download itself is under test here
  delete clean.ELECTRON_OVERRIDE_DIST_PATH;
  // The default data folder is the desktop app's under HOME: these runs get a HOME of their own.
  delete clean.JWT_CONNECT_DATA_DIR;
  delete clean.XDG_CONFIG_HOME;
  // tsx named by its file: the working folder may be outside the checkout.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, script)], {
    cwd,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => {
    output.stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output.stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** The URL the browser mode prints under "Open:", once it serves. */
function servedUrl({ output, exited }: ReturnType<typeof startScript>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Open:\s+(\S+)/.exec(output.stdout);
      if (m?.[1] && /Vault:/.test(output.stdout)) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}: ${output.stdout}${output.stderr}`));
    });
  });
}

/** One call to the bridge, as the page makes it. */
async function callBridge(
  url: string,
  method: string,
  input: unknown,
): Promise<{ ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string; hint?: string } }> {
  const token = new URL(url).hash.slice('#token='.length);
  const answer = await fetch(new URL(`/api/${method}`, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-jwt-connect-token': token },
    body: JSON.stringify(input),
  });
  return answer.json() as Promise<{ ok: boolean }>;
}

describe('npm start', () => {
  it.skipIf(Boolean(installedElectron().binary))(
    "without Electron's binary: says why in one sentence and serves the browser mode on the desktop app's folder",
    async () => {
      const home = join(temp, 'home');
      mkdirSync(home);
      // Run where an earlier browser mode left its connections in ./.dev-data.
      const checkout = join(temp, 'old-checkout');
      const earlier = openNodeServices({ dataDir: join(checkout, '.dev-data'), platform: { fetch: globalThis.fetch } });
      await earlier.service.createConnection({
        name: 'Saved earlier',
        encryption: 'privateKey',
        consumerKey: '3MVG9.x',
        username: 'u@example.com',
        environment: 'production',
      });
      earlier.close();
      const started = startScript(
        {
          ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
          electron_config_cache: join(temp, 'electron-cache'),
          HOME: home,
        },
        'scripts/start.ts',
        checkout,
      );
      const { child, output, exited } = started;
      try {
        const url = await servedUrl(started);
        const lines = output.stdout.split('\n');
        const sentenceAt = lines.findIndex((l) => l.startsWith('The desktop window cannot open'));
        expect(lines[sentenceAt]).toMatch(
          /^The desktop window cannot open because Electron's binary is not installed and its download failed \(fetch failed\), so jwt-connect runs in your browser instead\.$/,
        );
        expect(lines[sentenceAt + 1]).toBe('jwt-connect (browser mode)');
        const appFolder = join(home, '.config', 'jwt-connect');
        expect(output.stdout).toContain(
          `  Data:  ${appFolder}\n         (the desktop app's folder, shared with the app and the jwt-connect command line)\n`,
        );
        expect(output.stdout).toContain(
          '  Vault: your secrets password (set one in the page before saving passwords or keys)',
        );
        expect(output.stdout).toContain(
          `  Earlier: connections the browser mode saved before it used the app's folder are in ${join(checkout, '.dev-data')}:\n         npm run dev:web opens them;`,
        );
        expect(output.stdout + output.stderr).not.toMatch(/^\s+at /m); // no stack trace
        expect(output.stderr).toBe('');

        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<div id="root">');
        expect(await callBridge(url, 'vaultStatus', {})).toMatchObject({
          ok: true,
          data: { backend: 'none', passwordFirst: true, secretsPassword: 'none' },
        });
        // A key saved before a secrets password is set: refused, and no development key appears beside the app's data.
        const key = {
          fileName: 'app-pkcs8.pem',
          base64: readFileSync(join(root, 'tests', 'fixtures', 'keys', 'app-pkcs8.pem')).toString('base64'),
        };
        const refused = await callBridge(url, 'createConnection', {
          name: 'UAT',
          encryption: 'privateKey',
          consumerKey: '3MVG9.x',
          username: 'u@example.com',
          environment: 'production',
          keyFile: key,
        });
        expect(refused).toMatchObject({
          ok: false,
          error: { code: 'SECRETS_LOCKED', message: expect.stringMatching(/^Set a secrets password first/) },
        });
        expect(existsSync(join(appFolder, 'dev-vault.key'))).toBe(false);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
  );

  it.skipIf(process.platform === 'win32')(
    'with a binary: launches it on this folder and exits with its code',
    async () => {
      const dist = join(temp, 'fake-electron');
      mkdirSync(join(dist, 'Electron.app', 'Contents', 'MacOS'), { recursive: true });
      for (const file of ['electron', join('Electron.app', 'Contents', 'MacOS', 'Electron')]) {
        writeFileSync(join(dist, file), '#!/bin/sh\necho "fake electron in $(pwd) with: $*"\nexit 3\n');
        chmodSync(join(dist, file), 0o755);
      }
      const { output, exited } = startScript({ ELECTRON_OVERRIDE_DIST_PATH: dist });
      expect(await exited).toBe(3);
      expect(output.stdout).toBe(`fake electron in ${root} with: .\n`);
    },
  );
});

describe('npm run dev:web', () => {
  it("keeps its development folder and development vault, and says which folder it uses and how to use the app's", async () => {
    const home = join(temp, 'dev-home');
    const cwd = join(temp, 'checkout');
    mkdirSync(home);
    mkdirSync(cwd);
    const started = startScript({ HOME: home }, 'scripts/dev-web.ts', cwd);
    try {
      const url = await servedUrl(started);
      const out = started.output.stdout;
      expect(out).toMatch(/^jwt-connect \(browser dev mode\)\n/);
      expect(out).toContain(
        `  Data:  ${join(cwd, '.dev-data')}\n         (the development folder; npm start -- --web opens the app's folder, ${join(home, '.config', 'jwt-connect')})\n`,
      );
      expect(out).toMatch(/Vault: development AES-256-GCM/);
      expect(await callBridge(url, 'vaultStatus', {})).toMatchObject({
        ok: true,
        data: { backend: 'dev-aes-256-gcm' },
      });
      expect(existsSync(join(home, '.config'))).toBe(false);
    } finally {
      started.child.kill('SIGTERM');
      await started.exited;
    }
  });

  it("follows JWT_CONNECT_DATA_DIR; pointed at the desktop app's folder it seals only with the secrets password there, as npm start does", async () => {
    const home = join(temp, 'dev-home-app');
    const appFolder = join(home, '.config', 'jwt-connect');
    const cwd = join(temp, 'checkout-app');
    mkdirSync(home);
    mkdirSync(cwd);
    const started = startScript({ HOME: home, JWT_CONNECT_DATA_DIR: appFolder }, 'scripts/dev-web.ts', cwd);
    try {
      const url = await servedUrl(started);
      expect(started.output.stdout).toContain(
        `  Data:  ${appFolder}\n         (the desktop app's folder, shared with the app and the jwt-connect command line)\n`,
      );
      expect(started.output.stdout).toContain('  Vault: your secrets password');
      expect(await callBridge(url, 'vaultStatus', {})).toMatchObject({
        ok: true,
        data: { backend: 'none', passwordFirst: true },
      });
      expect(existsSync(join(appFolder, 'dev-vault.key'))).toBe(false);
    } finally {
      started.child.kill('SIGTERM');
      await started.exited;
    }
  });
});
