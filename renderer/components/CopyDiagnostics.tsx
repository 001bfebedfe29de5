// The button beside a "This is a bug" hint: puts diagnosticsText on the clipboard for a bug report.
import { useState } from 'react';
import type { ErrorInfo } from '../../shared/errors.js';
import { diagnosticsText, isBug } from '../diagnostics.js';

export function CopyDiagnostics({ error, action }: { error: ErrorInfo; action?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  if (!isBug(error)) return null;
  async function copy() {
    try {
      await navigator.clipboard.writeText(
        diagnosticsText(error, { action, at: new Date(), userAgent: navigator.userAgent }),
      );
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <span className="copy-diagnostics">
      {' '}
      <button type="button" className="link" onClick={() => void copy()}>
        Copy diagnostics
      </button>
      {copied === 'yes' && <span role="status"> Copied: paste it into the bug report.</span>}
      {copied === 'failed' && (
        <span role="status"> The clipboard refused; the details are in jwt-connect.log in the data folder.</span>
      )}
    </span>
  );
}
