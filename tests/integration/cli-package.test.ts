// The installable CLI (npm run pack:cli) as a user gets it: the .tgz installed with npm into an empty
// prefix, offline, and run from a folder that has nothing to do with this repository.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, FIXTURES, USERNAME, startEmulator } from '../support/helpers.js';
import { tempDir } from '../support/cli-helpers.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}
type Result = { code: number; stdout: string; stderr: string };

let emulator: SalesforceEmulator;
let tmp: ReturnType<typeof tempDir>;
let prefix: string;
let elsewhere: string;
let installed: string;
let packOutput: string;

// npm run under `npm test` passes its own settings down as npm_config_*; the install below must see
// only its flags, as on a user's machine.
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
/** The installed command, from a folder outside the repository, with a HOME of its own. */
const jwtConnect = (args: string[], nodeOptions: string[] = []): Promise<Result> =>
  run(join(prefix, 'bin', 'jwt-connect'), args, {
    cwd: elsewhere,
    env: {
      PATH: process.env.PATH,
      HOME: elsewhere,
      ...(nodeOptions.length && { NODE_OPTIONS: nodeOptions.join(' ') }),
      RECORD_LOADS_TO: join(tmp.dir, 'loads.log'),
    },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: Result) => e,
  );

beforeAll(async () => {
  tmp = tempDir('jwt-cli-package-');
  prefix = join(tmp.dir, 'prefix');
  elsewhere = join(tmp.dir, 'work');
  mkdirSync(prefix);
  mkdirSync(elsewhere);
  emulator = await startEmulator();
  packOutput = (await run(process.execPath, [join(root, 'scripts', 'pack-cli.mjs')], { cwd: root, env: cleanEnv() }))
    .stdout;
  const tgz = packOutput.trim().split('\n').at(-1) as string;
  // An empty npm cache of its own: offline, the install can only succeed if the package needs nothing
  // but itself (a fresh CI machine has no cache either).
  await run(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--cache',
      join(tmp.dir, 'npm-cache'),
      join(root, tgz),
      '--offline',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: elsewhere, env: cleanEnv() },
  );
  installed = join(prefix, 'lib', 'node_modules', '@jwt-connect', 'cli');
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
  tmp?.remove();
});

describe('npm run pack:cli, installed with npm install -g', () => {
  it('prints where the package is', () => {
    expect(packOutput).toMatch(new RegExp(`^\\./pack/jwt-connect-cli-${version.replace(/\./g, '\\.')}\\.tgz$`, 'm'));
  });

  it('installs the package alone: no dependencies, no node_modules inside, nothing of Electron or React', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: '@jwt-connect/cli',
      version,
      bin: { 'jwt-connect': 'cli.js' },
      engines: { node: '>=20' },
    });
    expect(manifest.license).toEqual(expect.any(String));
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies'])
      expect(manifest[field]).toBeUndefined();
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['@jwt-connect']);
    expect(readdirSync(join(prefix, 'lib', 'node_modules', '@jwt-connect'))).toEqual(['cli']);
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
    expect(readdirSync(installed).sort()).toEqual([
      'README.md',
      'THIRD-PARTY-LICENSES.md',
      'cli-chunks',
      'cli.js',
      'package.json',
    ]);
    const licences = readFileSync(join(installed, 'THIRD-PARTY-LICENSES.md'), 'utf8');
    for (const library of ['zod', 'node-forge', 'jose']) expect(licences).toContain(`## ${library} `);
    // Its README's install line names this very file, and it points at the project's CLI guide.
    const readme = readFileSync(join(installed, 'README.md'), 'utf8');
    expect(readme).toContain(`npm install -g ./jwt-connect-cli-${version}.tgz`);
    expect(readme).toContain('/docs/cli.md');
  });

  it('jwt-connect --version prints the package version', async () => {
    const result = await jwtConnect(['--version']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^jwt-connect/${version.replace(/\./g, '\\.')} `));
  });

  it('logs in from flags against the emulator, with a key file named relative to the working folder, and the token works', async () => {
    copyFileSync(join(FIXTURES, 'app-pkcs8.pem'), join(elsewhere, 'server.key'));
    const result = await jwtConnect([
      'authorise',
      '--private-key',
      'server.key',
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      USERNAME,
      '--my-domain',
      emulator.url,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const login = JSON.parse(result.stdout) as { accessToken: string; id: string };
    const identity = await fetch(login.id, { headers: { Authorization: `Bearer ${login.accessToken}` } });
    expect(identity.status).toBe(200);
    expect(await identity.json()).toMatchObject({ username: USERNAME });
    const refused = await fetch(login.id, { headers: { Authorization: 'Bearer 00Dnot-a-token' } });
    expect(refused.status).not.toBe(200);
  });

  it('keeps the login lazy: a login from flags does not load zod or the saved-connection store', async () => {
    const log = join(tmp.dir, 'loads.log');
    rmSync(log, { force: true });
    const result = await jwtConnect(
      [
        'authorise',
        '--private-key',
        join(FIXTURES, 'app-pkcs8.pem'),
        '--consumer-key',
        CONSUMER_KEY,
        '--username',
        USERNAME,
        '--my-domain',
        emulator.url,
      ],
      ['--import', join(root, 'tests', 'support', 'record-loads.mjs')],
    );
    expect(result.code, result.stderr).toBe(0);
    // The installed files map to the package build's sources through the metafile pack:cli wrote.
    const meta = JSON.parse(readFileSync(join(root, 'pack', 'cli-meta.json'), 'utf8')) as Metafile;
    const loaded = readFileSync(log, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file:'))
      .map((url) => relative(installed, fileURLToPath(url)).split('\\').join('/'));
    const sources = loaded.flatMap((file) => Object.keys(meta.outputs[`pack/cli/${file}`]?.inputs ?? {}));
    expect(sources).toContain('electron/salesforce/authorise.ts');
    expect(
      sources.filter((source) => source.includes('node_modules/zod/') || source.startsWith('electron/connections/')),
    ).toEqual([]);
  });
});
