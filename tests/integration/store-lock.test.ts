// One writer per data directory. Real processes on one folder: the second is refused with
// a message naming the first (or opens read-only and says so), nothing acknowledged is lost, and a
// lock left by a dead process (or by a pid now used by another process) is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { LOCK_NAME, processStartTicks } from '../../electron/connections/lock.js';

const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  lines: string[];
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function start(prefix: string, count: number, mode?: 'readonly'): Run {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'store-lock-child.ts'),
      dir,
      prefix,
      String(count),
      ...(mode ? [mode] : []),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(child);
  const lines: string[] = [];
  let buffer = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    if (parts.includes('ready')) onReady();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      onReady();
      resolve(code);
    }),
  );
  return { child, lines, ready, exited };
}

const acked = (run: Run) => run.lines.filter((l) => l.startsWith('saved ')).map((l) => l.slice(6));
const info = (run: Run, kind: string) =>
  JSON.parse(run.lines.find((l) => l.startsWith(`${kind} `))?.slice(kind.length + 1) ?? 'null');

describe('one writer per data directory', () => {
  it('refuses a second writer naming the first, offers read-only, and loses nothing acknowledged', async () => {
    const first = start('a', 30);
    await first.ready;
    expect(acked(first)).toHaveLength(30);

    const second = start('b', 30);
    expect(await second.exited).toBe(4);
    expect(info(second, 'refused')).toMatchObject({
      code: 'STORE_LOCKED',
      message: expect.stringMatching(
        new RegExp(`^jwt-connect \\(test a, pid ${first.child.pid}, since \\d\\d:\\d\\d\\) is using this data folder`),
      ),
    });
    expect(acked(second)).toEqual([]);

    const reader = start('c', 2, 'readonly');
    await reader.ready;
    expect(info(reader, 'readonly')).toMatchObject({ message: expect.stringContaining('read-only') });
    expect(acked(reader)).toEqual([]);
    expect(info(reader, 'failed')).toMatchObject({ code: 'STORE_LOCKED' });
    reader.child.stdin?.end();
    await reader.exited;

    first.child.stdin?.end();
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false); // released on exit

    const third = start('d', 30);
    await third.ready;
    third.child.stdin?.end();
    await third.exited;

    const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    const names = new Set(service.listConnections().map((c) => c.name));
    for (const name of [...acked(first), ...acked(third)]) expect(names.has(name), name).toBe(true);
    expect(names.size).toBe(60);
    expect(service.listConnections().every((c) => c.secrets.passphrase === 'saved' && !c.secretsProblem)).toBe(true);
    close();
  }, 120_000);

  it('takes over a lock whose owner was killed', async () => {
    const killed = start('e', 3);
    await killed.ready;
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(existsSync(join(dir, LOCK_NAME))).toBe(true); // a kill leaves the file
    const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    expect(service.vaultStatus().readOnly).toBeUndefined();
    expect(
      (
        await service.createConnection({
          name: 'after the kill',
          encryption: 'privateKey',
          consumerKey: 'ck',
          username: 'u@example.com',
          environment: 'production',
        })
      ).name,
    ).toBe('after the kill');
    close();
  }, 60_000);

  it('tells a live owner from a reused pid by its start time', async () => {
    const other = spawn('sleep', ['30']);
    children.push(other);
    await new Promise((r) => setTimeout(r, 100));
    const pid = other.pid as number;
    const lock = (startTicks: string | undefined) =>
      writeFileSync(
        join(dir, LOCK_NAME),
        JSON.stringify({
          pid,
          ...(startTicks && { startTicks }),
          startedAt: new Date().toISOString(),
          host: hostname(),
          entry: 'app',
        }),
      );

    lock(processStartTicks(pid)); // that very process: held
    expect(() => openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } })).toThrow(
      expect.objectContaining({ code: 'STORE_LOCKED', message: expect.stringContaining(`pid ${pid}`) }),
    );

    lock('1'); // the pid now belongs to a process started at another time: stale
    const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    expect(service.vaultStatus().readOnly).toBeUndefined();
    close();
    other.kill('SIGKILL');
  }, 30_000);
});
