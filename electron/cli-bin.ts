#!/usr/bin/env node
// The `jwt-connect` command. Kept apart from cli.ts so tests can call main() without side effects.
import { main } from './cli.js';
import { openInBrowser, promptSecret } from './cli/terminal.js';

// npm run bench on machines without /usr/bin/time: the peak memory of this process, reported at exit.
if (process.env.JWT_CONNECT_BENCH_RSS === '1') {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    process.stderr.write(`bench-rss-kb ${usage.maxRSS} bench-cpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`);
  });
}

const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  // Node's fetch costs ~110 ms to load (undici) in a fresh process: see the node-fetch swap in the report.
  platform: { fetch: globalThis.fetch },
  isTTY: process.stdout.isTTY === true,
  ...(interactive && { promptSecret }),
  openUrl: openInBrowser,
});
