// npm run bench: the built CLI's login in a fresh process, against the local emulator:
// wall time (median and spread of alternating runs) and peak memory, PEM / JKS / PKCS#12, with
// `sf org login jwt` beside it when sf is installed. Goal: ≤ 0.1 × sf's time, ≤ 80 MB.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SalesforceEmulator } from '../tests/emulator/salesforce-emulator.js';
import { median } from './bench-lib.js';
import { ENV } from '../shared/env-vars.js';

const RUNS = 9;
const SF_REFERENCE_MS = 1350; // `sf org login jwt`'s median measured earlier on this machine, same emulator
const GOAL_MS = SF_REFERENCE_MS / 10;
const GOAL_RSS_MB = 80;
const TIME = '/usr/bin/time';
const dir = join(import.meta.dirname, '..', 'tests', 'fixtures', 'keys');

export interface Sample {
  ms: number;
  rssKb: number | undefined;
  cpuMs: number | undefined;
}

/** One fresh process: wall time from spawn to exit, and its peak RSS. */
export function once(command: string, args: string[]): Promise<Sample> {
  const viaTime = existsSync(TIME);
  const [file, argv] = viaTime ? [TIME, ['-v', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Without /usr/bin/time the CLI reports process.resourceUsage().maxRSS itself (JWT_CONNECT_BENCH_RSS).
    const child = spawn(file, argv, {
      env: { ...process.env, [ENV.benchRss.name]: viaTime ? '' : '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      const kb =
        /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? /bench-rss-kb (\d+)/.exec(stderr)?.[1];
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const cpuUs = /bench-cpu-us (\d+)/.exec(stderr)?.[1];
      const cpuMs = user && system ? (Number(user) + Number(system)) * 1000 : cpuUs ? Number(cpuUs) / 1000 : undefined;
      resolve({ ms, rssKb: kb ? Number(kb) : undefined, cpuMs });
    });
  });
}

async function sfPath(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('sh', ['-c', 'command -v sf']);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

const fmt = (ms: number) => `${Math.round(ms)} ms`;

export async function benchCli(): Promise<string> {
  const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
  const emulator = new SalesforceEmulator({
    apps: [{ consumerKey: 'ck', certificatePem: readFileSync(join(dir, 'app.crt'), 'utf8') }],
    users: [{ username: 'u@example.com' }],
  });
  await emulator.start();
  const base = [
    'authorise',
    '--my-domain',
    emulator.url,
    '--consumer-key',
    'ck',
    '--username',
    'u@example.com',
    '--json',
  ];
  const cases: [string, string, string[]][] = [
    ['jwt-connect authorise, PEM key', process.execPath, [cli, ...base, '--private-key', join(dir, 'app-pkcs8.pem')]],
    // sf's own line with sf replaced: the same login, read from sf's flags, nothing saved.
    [
      "jwt-connect org login jwt (sf's flags), PEM key",
      process.execPath,
      [
        cli,
        'org',
        'login',
        'jwt',
        '--client-id',
        'ck',
        '--jwt-key-file',
        join(dir, 'app-pkcs8.pem'),
        '--username',
        'u@example.com',
        '--instance-url',
        emulator.url,
        '--json',
      ],
    ],
    [
      'jwt-connect authorise, JKS keystore',
      process.execPath,
      [cli, ...base, '--keystore', join(dir, 'single.jks'), '--keystore-password', 'storepass'],
    ],
    [
      'jwt-connect authorise, PKCS#12 (keytool)',
      process.execPath,
      [cli, ...base, '--keystore', join(dir, 'keytool-default.jks'), '--keystore-password', 'storepass'],
    ],
  ];
  // The installable package (npm run pack:cli, which npm run bench runs first): the same chunks as
  // dist/cli.js without whitespace; what a pipeline that installed it pays per login.
  const packed = join(import.meta.dirname, '..', 'pack', 'cli', 'cli.js');
  if (existsSync(packed))
    cases.push([
      'jwt-connect authorise, PEM key, installed package',
      process.execPath,
      [packed, ...base, '--private-key', join(dir, 'app-pkcs8.pem')],
    ]);
  const sf = await sfPath();
  const sfHome = mkdtempSync(join(tmpdir(), 'jwt-connect-bench-sf-'));
  if (sf) {
    cases.push([
      'sf org login jwt, PEM key',
      sf,
      [
        'org',
        'login',
        'jwt',
        '--client-id',
        'ck',
        '--jwt-key-file',
        join(dir, 'app-pkcs8.pem'),
        '--username',
        'u@example.com',
        '--instance-url',
        emulator.url,
      ],
    ]);
  }
  const samples = cases.map(() => [] as Sample[]);
  try {
    for (const [, command, args] of cases) await once(command, args); // warm the file cache
    for (let run = 0; run < RUNS; run++) {
      for (const [i, [, command, args]] of cases.entries()) (samples[i] as Sample[]).push(await once(command, args)); // alternating
    }
  } finally {
    await emulator.stop();
    rmSync(sfHome, { recursive: true, force: true });
  }
  const sfMedian = sf ? median((samples.at(-1) as Sample[]).map((s) => s.ms)) : SF_REFERENCE_MS;
  const lines = [
    `### CLI login in a new process (${RUNS} alternating runs each, local emulator)`,
    '',
    sf
      ? `sf found at ${sf}: measured beside ours.`
      : `sf not installed; reference ${SF_REFERENCE_MS / 1000} s measured earlier (sf org login jwt on this machine).`,
    '',
    // CPU time (user + system) is shown too: on a shared, busy machine it moves much less than wall time.
    `| what | median wall | spread (min–max) | ratio to sf | goal | CPU (median) | peak RSS (median) | goal |`,
    '|---|---:|---:|---:|---|---:|---:|---|',
  ];
  for (const [i, [what]] of cases.entries()) {
    const s = samples[i] as Sample[];
    const ms = s.map((x) => x.ms);
    const rss = s.flatMap((x) => (x.rssKb === undefined ? [] : [x.rssKb / 1024]));
    const cpu = s.flatMap((x) => (x.cpuMs === undefined ? [] : [x.cpuMs]));
    const isSf = what.startsWith('sf ');
    const m = median(ms);
    lines.push(
      `| ${what} | ${fmt(m)} | ${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))} | ${isSf ? '1' : `${(m / sfMedian).toFixed(2)}`} | ${isSf ? '' : `≤ ${fmt(GOAL_MS)} ${m <= GOAL_MS ? '✓' : '✗'}`} | ${cpu.length ? fmt(median(cpu)) : 'n/a'} | ${rss.length ? `${median(rss).toFixed(0)} MB` : 'n/a'} | ${isSf || !rss.length ? '' : `≤ ${GOAL_RSS_MB} MB ${median(rss) <= GOAL_RSS_MB ? '✓' : '✗'}`} |`,
    );
  }
  return lines.join('\n');
}
