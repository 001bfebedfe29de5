// Test all: testConnection for each given connection, four at a time, each row's state as it
// lands, a summary at the end. Cancel stops starting new tests; running ones finish and count.
import { useCallback, useRef, useState } from 'react';
import { call, errorInfo } from './api-client.js';
import { EXPIRY_WARNING_DAYS } from '../shared/keys.js';
import { certificateAlerts } from '../shared/lifecycle.js';
import { escapeField } from '../shared/safe-text.js';

export const TEST_ALL_CONCURRENCY = 4;

export type RowTest =
  | { state: 'queued' }
  | { state: 'running' }
  | { state: 'passed'; ms: number }
  | { state: 'failed'; reason: string }
  | { state: 'cancelled' };

export interface TestAllSummary {
  passed: number;
  failed: { id: string; name: string; reason: string }[];
  cancelled: number;
  total: number;
  ms: number;
  /** Certificates that have expired or end within EXPIRY_WARNING_DAYS: a risk to check, not a failure. */
  certificates: { expired: string[]; expiring: string[] };
}

type Target = { id: string; name: string; certificateDaysLeft?: number | undefined };

export function useTestAll(onFinished: () => void) {
  const [states, setStates] = useState<ReadonlyMap<string, RowTest>>(new Map());
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [summary, setSummary] = useState<TestAllSummary>();
  const cancelled = useRef(false);

  const start = useCallback(
    async (targets: readonly Target[]) => {
      if (targets.length === 0) return;
      cancelled.current = false;
      setCancelling(false);
      setSummary(undefined);
      setRunning(true);
      setProgress({ done: 0, total: targets.length });
      setStates(new Map(targets.map((t) => [t.id, { state: 'queued' }])));
      const set = (id: string, s: RowTest) => setStates((prev) => new Map(prev).set(id, s));
      const started = performance.now();
      const failed: TestAllSummary['failed'] = [];
      let passed = 0;
      let done = 0;
      let next = 0;
      const worker = async () => {
        while (!cancelled.current && next < targets.length) {
          const target = targets[next++] as Target;
          set(target.id, { state: 'running' });
          const t0 = performance.now();
          try {
            const result = await call('testConnection', { id: target.id });
            passed++;
            set(target.id, { state: 'passed', ms: Math.round(result.totalMs ?? performance.now() - t0) });
          } catch (e) {
            const reason = errorInfo(e).message;
            failed.push({ id: target.id, name: target.name, reason });
            set(target.id, { state: 'failed', reason });
          }
          setProgress({ done: ++done, total: targets.length });
        }
      };
      await Promise.all(Array.from({ length: Math.min(TEST_ALL_CONCURRENCY, targets.length) }, worker));
      const notRun = targets.slice(next);
      if (notRun.length)
        setStates((prev) => {
          const m = new Map(prev);
          for (const t of notRun) m.set(t.id, { state: 'cancelled' });
          return m;
        });
      setSummary({
        passed,
        failed,
        cancelled: notRun.length,
        total: targets.length,
        ms: Math.round(performance.now() - started),
        certificates: certificateAlerts(
          targets.map((t) => ({ ...t, name: escapeField(t.name) })),
          EXPIRY_WARNING_DAYS,
        ),
      });
      setRunning(false);
      setCancelling(false);
      onFinished();
    },
    [onFinished],
  );

  const cancel = useCallback(() => {
    cancelled.current = true;
    setCancelling(true);
  }, []);
  const dismiss = useCallback(() => {
    setSummary(undefined);
    setStates(new Map());
  }, []);

  return { states, running, cancelling, progress, summary, start, cancel, dismiss };
}
