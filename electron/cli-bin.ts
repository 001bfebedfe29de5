#!/usr/bin/env node
// The `jwt-connect` command. Kept apart from cli.ts so tests can call main() without side effects.
import module from 'node:module';
import { bugSummary, installCrashHandlers, logCrash, useFallbackLogFolder } from './diagnostics/unexpected.js';
import type { FetchLike } from './salesforce/http.js';
import { ENV } from '../shared/env-vars.js';

// Node 22.1+ keeps the compiled code of the chunks a command loads, so the next run skips compiling
// them. Older Node has no such function; nothing changes there.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// npm run bench on machines without /usr/bin/time: the peak memory of this process, reported at exit.
if (process.env[ENV.benchRss.name] === '1') {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    process.stderr.write(`bench-rss-kb ${usage.maxRSS} bench-cpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`);
  });
}

// A bug nothing caught: its stack goes to jwt-connect.log in the data folder (the one this run
// opened, else the desktop's); the terminal gets one line saying where, never a stack, and exit 1.
// The default folder is looked up only then: its module is not worth loading on every run.
let dataDirForLog: string | undefined;
useFallbackLogFolder(() => dataDirForLog);
installCrashHandlers((error, kind) => {
  void import('./connections/data-folder.js')
    .then(
      (folder) => {
        dataDirForLog = process.env[ENV.dataDir.name]?.trim() || folder.desktopDataDir(process.env);
      },
      () => undefined,
    )
    .finally(() => {
      const logPath = logCrash(error, `CLI: ${kind}`);
      process.stderr.write(
        `error: ${bugSummary(error, logPath)}\nhint: This is a bug in jwt-connect. Please report it with the steps that led here.\n`,
      );
      process.exit(1);
    });
});

const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
const terminal = () => import('./cli/terminal.js'); // child_process and raw mode only when used
// node:https rather than fetch: fetch loads undici (~110 ms, ~35 MB in a fresh process), and this
// one honours HTTPS_PROXY / NO_PROXY the way curl and sf do. Loaded on the first request only.
let nodeFetch: Promise<FetchLike> | undefined;
const fetch: FetchLike = async (url, init) => {
  nodeFetch ??= import('./salesforce/node-fetch.js').then((m) => m.createNodeFetch(process.env));
  return (await nodeFetch)(url, init);
};
const { main } = await import('./cli.js');

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  platform: { fetch },
  isTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  ...(interactive && { promptSecret: async (question: string) => (await terminal()).promptSecret(question) }),
  openUrl: async (url) => (await terminal()).openInBrowser(url),
});
