#!/usr/bin/env node
// The `jwt-connect` command. Kept apart from cli.ts so tests can call main() without side effects.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  platform: { fetch: globalThis.fetch },
});
