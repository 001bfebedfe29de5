#!/usr/bin/env node
// The `jwt-connect` command. Kept apart from cli.ts so tests can call main() without side effects.
import { main } from './cli.js';
import { openInBrowser, promptSecret } from './cli/terminal.js';
import { createNodeFetch } from './salesforce/node-fetch.js';

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
  // node:https rather than fetch: fetch loads undici (~110 ms, ~35 MB in a fresh process), and this
  // one honours HTTPS_PROXY / NO_PROXY the way curl and sf do.
  platform: { fetch: createNodeFetch(process.env) },
  isTTY: process.stdout.isTTY === true,
  ...(interactive && { promptSecret }),
  openUrl: openInBrowser,
});
