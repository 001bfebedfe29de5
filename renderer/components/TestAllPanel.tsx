// Test all's progress while it runs and its summary at the end: passed / failed / cancelled, with
// the names of the failed ones (the morning check of someone who owns twenty orgs).
import { escapeField } from '../../shared/safe-text.js';
import type { TestAllSummary } from '../test-all.js';
import { count } from '../list-format.js';
import { EXPIRY_WARNING_DAYS } from '../../shared/keys.js';
import { certificateAlertText } from '../../shared/lifecycle.js';

export function TestAllPanel({
  running,
  progress,
  summary,
  onClose,
}: {
  running: boolean;
  progress: { done: number; total: number };
  summary: TestAllSummary | undefined;
  onClose: () => void;
}) {
  if (running) {
    return (
      <div className="banner info test-all-panel" role="status">
        Testing {count(progress.total)} connection{progress.total === 1 ? '' : 's'}: {count(progress.done)} done.
        <progress max={progress.total} value={progress.done} aria-label="Test all progress" />
      </div>
    );
  }
  if (!summary) return null;
  const bad = summary.failed.length > 0;
  const certificates = certificateAlertText(summary.certificates, EXPIRY_WARNING_DAYS);
  return (
    <section className={`banner ${bad ? 'warn' : 'info'} test-all-panel`} role="status" aria-label="Test all summary">
      <strong>Test all finished:</strong> {summary.passed} passed, {summary.failed.length} failed
      {summary.cancelled ? `, ${summary.cancelled} cancelled` : ''} ({(summary.ms / 1000).toFixed(1)} s).
      {bad && (
        <ul className="failed-names">
          {summary.failed.slice(0, 20).map((f) => (
            <li key={f.id}>
              <strong>{escapeField(f.name)}</strong>: {f.reason}
            </li>
          ))}
          {summary.failed.length > 20 && <li>…and {summary.failed.length - 20} more</li>}
        </ul>
      )}
      {certificates && <p className="certificate-alerts">{certificates}</p>}
      <button type="button" className="inline" onClick={onClose}>
        Close
      </button>
    </section>
  );
}
