// The terminal never hides a damaged store: a damaged, unreadable or FIFO connections.json is
// reported as the window reports it (what, where the bytes are kept, how to restore), exit 2; the
// moved-aside file stays offered in the window until the user chooses; `jwt-connect restore` brings
// it back. Commands that only read (list, export, a token still valid) leave the folder byte for byte.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

let emulator: SalesforceEmulator;
let work: ReturnType<typeof tempDir>;
beforeAll(async () => {
  emulator = await startEmulator();
  work = tempDir('jwt-cli-damage-');
});
afterAll(async () => {
  await emulator.stop();
  work.remove();
});

/** Every entry of a folder, recursively: name, kind, mode and a hash of its bytes. */
function fingerprint(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const stat = lstatSync(path);
      const bytes = stat.isFile()
        ? createHash('sha256').update(readFileSync(path)).digest('hex')
        : stat.isDirectory()
          ? 'dir'
          : 'other';
      return `${name} ${(stat.mode & 0o7777).toString(8)} ${bytes}`;
    });
}

async function folderWith(name: string, count = 2): Promise<string> {
  const dir = join(work.dir, name);
  await makeDataDir(dir, drafts(emulator.url).slice(0, count));
  return dir;
}

/** A store whose JSON is valid but whose document is not (a record lost its id): damaged, its other records restorable. */
function damage(dir: string): void {
  const path = join(dir, 'connections.json');
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { connections: Record<string, unknown>[] };
  delete doc.connections[0]!.id;
  writeFileSync(path, JSON.stringify(doc));
}

/** The window opening the folder later: does it offer the moved-aside file? */
function windowOffer(dir: string) {
  const s = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
  try {
    return s.service.vaultStatus().storeProblem;
  } finally {
    s.close();
  }
}

/** jwt-connect restore on that folder, as a user runs it. */
const restore = (dir: string, args: string[] = []) => cli(['restore', ...args, '--data-dir', dir]);

describe('a damaged connections.json', () => {
  it('list (a read) reports it where it lies, exit 2, and changes nothing', async () => {
    const dir = await folderWith('read');
    damage(dir);
    const before = fingerprint(dir);
    const run = await cli(['list', '--data-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /error: The saved connections file .*connections\.json is damaged, so no connection could be read from it\. Nothing was changed\./,
    );
    expect(run.stderr).toMatch(
      /hint: Run jwt-connect restore to move it aside and bring back the connections it still holds, or open the jwt-connect window/,
    );
    expect(run.stderr).not.toMatch(/No saved connections/);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a command that writes moves it aside, says where and how back; the window then offers it until the user chooses; restore brings it back', async () => {
    const dir = await folderWith('write');
    damage(dir);
    const run = await cli(['test', '--all', '--data-dir', dir]);
    expect(run.code).toBe(2);
    const movedTo = readdirSync(dir).find((n) => n.startsWith('connections.json.corrupt-'));
    expect(movedTo).toBeDefined();
    expect(run.stderr).toContain(`It was moved aside to ${join(dir, movedTo!)}; every secrets file was kept.`);
    expect(run.stderr).toContain(
      `hint: Bring back the connections it still holds with: jwt-connect restore ${join(dir, movedTo!)}`,
    );
    // Later runs say the same, never "No saved connections".
    const again = await cli(['list', '--data-dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(movedTo!);
    // The window, opened later (a new process would read the same files), offers it, more than once.
    expect(windowOffer(dir)).toMatchObject({ code: 'STORE_CORRUPT', movedTo: join(dir, movedTo!), restorable: true });
    expect(windowOffer(dir)).toMatchObject({ movedTo: join(dir, movedTo!) });
    // The user chooses, from the terminal: the record that still validates comes back.
    const restored = await restore(dir);
    expect(restored.stdout).toMatch(/^Restored 1 connection from .*connections\.json\.corrupt-.* into /);
    expect(windowOffer(dir)).toBeUndefined();
    const list = await cli(['list', '--data-dir', dir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Prod JKS/);
    expect(existsSync(join(dir, movedTo!))).toBe(true); // the bytes stay
  });

  it('Start empty in the window settles the offer for the terminal too', async () => {
    const dir = await folderWith('start-empty');
    damage(dir);
    expect((await cli(['import', '/nonexistent.json', '--data-dir', dir])).code).toBe(2);
    expect((await cli(['test', '--all', '--data-dir', dir])).code).toBe(2);
    const s = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    s.service.startEmpty({});
    s.close();
    expect(windowOffer(dir)).toBeUndefined();
    const list = await cli(['list', '--data-dir', dir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/No saved connections/);
  });

  it('restore FILE takes a backup, and --start-empty settles from the terminal', async () => {
    const dir = await folderWith('backup', 1);
    const backup = join(work.dir, 'backup.json');
    writeFileSync(backup, readFileSync(join(dir, 'connections.json')));
    writeFileSync(join(dir, 'connections.json'), '{"version":2,"connections":[{"id":');
    expect((await cli(['test', '--all', '--data-dir', dir])).stderr).toMatch(
      /holds no connection that can be read back/,
    );
    const settled = await restore(dir, ['--start-empty']);
    expect(settled.code).toBe(0);
    expect(windowOffer(dir)).toBeUndefined();
    const fromBackup = await restore(dir, [backup]);
    expect(fromBackup.stdout).toMatch(/Restored 1 connection from .*backup\.json/);
    expect((await cli(['list', '--data-dir', dir])).stdout).toMatch(/UAT/);
  });
});

describe('a store that cannot be read', () => {
  it('a FIFO in its place is reported (exit 2), never "No saved connections", and nothing hangs', async () => {
    const dir = join(work.dir, 'fifo');
    mkdirSync(dir, { mode: 0o700 });
    execFileSync('mkfifo', [join(dir, 'connections.json')]);
    for (const args of [['list'], ['test', '--all']]) {
      const run = await cli([...args, '--data-dir', dir]);
      expect(run.code, args[0]).toBe(2);
      expect(run.stderr, args[0]).toMatch(/cannot read its saved connections file .*\(ENOTREG\)/);
      expect(run.stderr, args[0]).not.toMatch(/No saved connections/);
    }
  });

  it('a folder in its place is reported the same way', async () => {
    const dir = join(work.dir, 'folder-store');
    mkdirSync(join(dir, 'connections.json'), { recursive: true });
    const run = await cli(['list', '--data-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/EISDIR/);
  });
});

describe('commands that only read leave the folder as they found it', () => {
  it('list, export and a token still valid: byte for byte, with leftovers a writer would tidy', async () => {
    const dir = await folderWith('hash');
    const s = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    const uat = s.service.listConnections({}).find((c) => c.name === 'UAT')!;
    await s.service.authorise({ id: uat.id }); // a stored token for `token` to reuse
    s.close();
    // What a writer's start would change: a temp file of a killed write, an orphaned secrets file, loose modes.
    writeFileSync(join(dir, 'connections.json.tmp-99999-dead'), 'half');
    writeFileSync(join(dir, 'secrets', '00000000-0000-4000-8000-000000000000.json'), '{}', { mode: 0o644 });
    const before = fingerprint(dir);
    const runs = [
      await cli(['list', '--data-dir', dir]),
      await cli(['list', '--json', '--data-dir', dir]),
      await cli(['token', 'UAT', '--data-dir', dir]),
      await cli(['export', join(work.dir, 'out.json'), '--data-dir', dir]),
    ];
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(runs[2]!.stdout).toMatch(/^00D/);
    expect(fingerprint(dir)).toEqual(before);
  });
});
