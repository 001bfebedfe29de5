// A stand-in for a program jwt-connect runs (exec's CMD, sf-login's sf): it writes what it was given
// to the JSON file named by $RECORD_TO: its arguments, its own command line as the OS shows it to
// other users (/proc/self/cmdline on Linux) and its environment; then exits with $EXIT_WITH.
// With $ECHO_STDIN=1 it copies its stdin to its stdout first.
import { readFileSync, writeFileSync } from 'node:fs';

let stdin = '';
if (process.env.ECHO_STDIN === '1') {
  for await (const chunk of process.stdin) stdin += chunk;
  process.stdout.write(stdin);
}
function ownCommandLine() {
  try {
    return readFileSync('/proc/self/cmdline', 'utf8').split('\0').join(' ');
  } catch {
    return process.argv.join(' ');
  }
}
const cmdline = ownCommandLine();
if (process.env.RECORD_TO) {
  writeFileSync(
    process.env.RECORD_TO,
    JSON.stringify({ argv: process.argv.slice(2), cmdline, env: process.env, stdin }),
  );
}
process.exitCode = Number(process.env.EXIT_WITH ?? 0);
