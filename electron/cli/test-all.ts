// test --all: every saved connection (or those matching --filter), a few at a time, each result
// recorded on its connection; a line per connection as it lands on a terminal, then a summary table.
import { escapeField } from '../../shared/safe-text.js';
import { toErrorInfo, type ErrorCode } from '../../shared/errors.js';
import { EXPIRY_WARNING_DAYS } from '../../shared/key-constants.js';
import { certificateAlertText, certificateAlerts } from '../../shared/lifecycle.js';
import type { ConnectionView } from '../../shared/connection.js';
import type { SourceValues } from './flags.js';
import { forTerminal } from './flag-hints.js';
import { print, textTable, usageError, worstExitCode, type CliIo } from './output.js';
import { environmentLabel, noKeyProblem } from './saved.js';
import { noteIfNotRecorded, openSource, type Source } from './source.js';

/** The exit code of test --all --fail-on-expiring when every test passed but a certificate ends within DAYS. */
export const EXPIRING_EXIT_CODE = 5;

interface Outcome {
  name: string;
  environment: string;
  ok: boolean;
  elapsedMs: number;
  certificateDaysLeft?: number;
  code?: ErrorCode;
  message?: string;
  hint?: string;
}

async function testOne(source: Source, c: ConnectionView): Promise<Outcome> {
  const base = {
    name: c.name,
    environment: environmentLabel(c),
    ...(c.certificateDaysLeft !== undefined && { certificateDaysLeft: c.certificateDaysLeft }),
  };
  const started = performance.now();
  try {
    const problem = source.secretsProblem(c) ?? noKeyProblem(c);
    if (problem) throw problem;
    const result = await source.services.service.testConnection({ id: c.id });
    return { ...base, ok: true, elapsedMs: result.totalMs };
  } catch (error) {
    const info = forTerminal(toErrorInfo(error));
    return {
      ...base,
      ok: false,
      elapsedMs: Math.round(performance.now() - started),
      code: info.code,
      message: info.message,
      ...(info.hint && { hint: info.hint }),
    };
  }
}

/** Runs `work` over `items` with at most `limit` at once, calling `done` as each finishes. */
async function pool<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
  done: (result: R) => void,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
      done(results[i] as R);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function testAllCommand(
  values: SourceValues & { filter?: string; concurrency?: number; 'fail-on-expiring'?: number },
  io: CliIo,
): Promise<number> {
  const limit = values.concurrency ?? 4;
  const source = await openSource(values, io, true);
  try {
    const chosen = source.services.service.listConnections(values.filter ? { search: values.filter } : {});
    if (chosen.length === 0)
      throw usageError(
        `No saved connections${values.filter ? ` match "${values.filter}"` : ''} in ${source.label}.`,
        'jwt-connect list shows them.',
      );
    noteIfNotRecorded(source, io); // once for the whole run
    const live = io.isTTY === true && !values.json;
    const outcomes = await pool(
      chosen,
      limit,
      (c) => testOne(source, c),
      (o) => {
        if (live)
          io.stdout(
            `${o.ok ? 'ok  ' : 'FAIL'} ${escapeField(o.name)} (${escapeField(o.environment)}) ${o.elapsedMs} ms${o.ok ? '' : `: ${o.message}`}`,
          );
      },
    );
    const failed = outcomes.filter((o) => !o.ok);
    const summary = `${outcomes.length - failed.length} of ${outcomes.length} passed${failed.length ? `, ${failed.length} failed` : ''}.`;
    const table = textTable(
      ['NAME', 'ENVIRONMENT', 'RESULT', 'TIME', 'CERT DAYS'],
      outcomes.map((o) => [
        o.name,
        o.environment,
        o.ok ? 'ok' : (o.code as string),
        `${o.elapsedMs} ms`,
        o.certificateDaysLeft === undefined ? '-' : String(o.certificateDaysLeft),
      ]),
    );
    const details = failed.map((o) => `${escapeField(o.name)}: ${o.message}${o.hint ? `\n  hint: ${o.hint}` : ''}`);
    const failOn = values['fail-on-expiring'];
    const within = failOn ?? EXPIRY_WARNING_DAYS;
    const alerts = certificateAlerts(outcomes, within);
    // Names as the terminal shows them: a name is outside input (an imported file), so it goes through the sanitiser.
    const alertText = certificateAlertText(
      certificateAlerts(
        outcomes.map((o) => ({ ...o, name: escapeField(o.name) })),
        within,
      ),
      within,
    );
    print(
      io,
      values.json,
      [
        ...(live ? [''] : []),
        table,
        '',
        summary,
        ...(alertText ? [alertText] : []),
        ...(details.length ? ['', ...details] : []),
      ].join('\n'),
      {
        passed: outcomes.length - failed.length,
        failed: failed.length,
        certificates: { withinDays: within, ...alerts },
        results: outcomes,
      },
    );
    const worst = worstExitCode(failed.map((o) => o.code as ErrorCode));
    if (worst === 0 && failOn !== undefined && alerts.expired.length + alerts.expiring.length > 0)
      return EXPIRING_EXIT_CODE;
    return worst;
  } finally {
    source.close();
  }
}
