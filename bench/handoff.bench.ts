// npm run bench: what handing a session on costs, in fresh processes of the built CLI against the
// local emulator, a saved connection whose stored token is still accepted: `token NAME` (the reuse
// check: one GET of the identity URL), `exec NAME -- true` (the same, then a program started and
// waited for) and `/bin/true` alone, so that exec's own share shows.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeServices } from '../electron/connections/open-node.js';
import { SalesforceEmulator } from '../tests/emulator/salesforce-emulator.js';
import { median } from './bench-lib.js';
import { once, type Sample } from './cli.bench.js';

const RUNS = 9;
const keys = join(import.meta.dirname, '..', 'tests', 'fixtures', 'keys');
const fmt = (ms: number) => `${Math.round(ms)} ms`;

export async function benchHandOff(): Promise<string> {
  const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
  const emulator = new SalesforceEmulator({
    apps: [{ consumerKey: 'ck', certificatePem: readFileSync(join(keys, 'app.crt'), 'utf8') }],
    users: [{ username: 'u@example.com' }],
  });
  await emulator.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'jwt-connect-bench-handoff-'));
  try {
    const services = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch } });
    try {
      const saved = await services.service.createConnection({
        name: 'Bench',
        encryption: 'privateKey',
        consumerKey: 'ck',
        username: 'u@example.com',
        environment: 'mydomain',
        myDomainUrl: emulator.url,
        keyFile: { fileName: 'app-pkcs8.pem', base64: readFileSync(join(keys, 'app-pkcs8.pem')).toString('base64') },
      });
      await services.service.authorise({ id: saved.id }); // a stored token, as after any login
    } finally {
      services.close?.();
    }
    const at = ['--data-dir', dataDir];
    const cases: [string, string, string[]][] = [
      ['/bin/true alone', '/bin/true', []],
      ['jwt-connect token NAME (stored token reused)', process.execPath, [cli, 'token', 'Bench', ...at]],
      ['jwt-connect exec NAME -- /bin/true', process.execPath, [cli, 'exec', 'Bench', ...at, '--', '/bin/true']],
    ];
    const samples = cases.map(() => [] as Sample[]);
    for (const [, command, args] of cases) await once(command, args); // warm the file cache
    for (let run = 0; run < RUNS; run++) {
      for (const [i, [, command, args]] of cases.entries()) (samples[i] as Sample[]).push(await once(command, args)); // alternating
    }
    const lines = [
      `### Handing a session on (${RUNS} alternating runs each, fresh processes, local emulator)`,
      '',
      '| what | median wall | spread (min–max) | CPU (median) | peak RSS (median) |',
      '|---|---:|---:|---:|---:|',
    ];
    for (const [i, [what]] of cases.entries()) {
      const s = samples[i] as Sample[];
      const ms = s.map((x) => x.ms);
      const cpu = s.flatMap((x) => (x.cpuMs === undefined ? [] : [x.cpuMs]));
      const rss = s.flatMap((x) => (x.rssKb === undefined ? [] : [x.rssKb / 1024]));
      lines.push(
        `| ${what} | ${fmt(median(ms))} | ${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))} | ${cpu.length ? fmt(median(cpu)) : 'n/a'} | ${rss.length ? `${median(rss).toFixed(0)} MB` : 'n/a'} |`,
      );
    }
    return lines.join('\n');
  } finally {
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
