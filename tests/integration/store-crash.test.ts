import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';

const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the saver until a random moment after its first save, then SIGKILLs it. Returns acknowledged names. */
function runAndKill(round: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'store-crash-child.ts'), dir, `r${round}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acked: string[] = [];
    let buffer = '';
    let errors = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (d: Buffer) => {
      errors += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('saved ')) acked.push(line.slice(6));
        if (line.startsWith('problem ')) reject(new Error(line));
      }
      if (!timer && acked.length > 0) timer = setTimeout(() => child.kill('SIGKILL'), 5 + Math.random() * 120);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`saver exited with ${code}: ${errors}`));
    });
  });
}

describe('a crash in the middle of saving', () => {
  it('never leaves the store unreadable and never loses an acknowledged connection', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < 12; round++) {
      acknowledged.push(...(await runAndKill(round)));
      const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
      expect(service.vaultStatus().storeProblem, `round ${round}`).toBeUndefined();
      const names = new Set(service.listConnections().map((c) => c.name));
      close(); // give the folder back to the next saver
      for (const name of acknowledged) expect(names.has(name), `${name} lost in round ${round}`).toBe(true);
    }
    expect(acknowledged.length).toBeGreaterThan(12);
    // nothing was ever judged corrupt and moved aside
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
  }, 120_000);
});
