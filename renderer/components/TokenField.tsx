import { useState } from 'react';

interface Props {
  /** A token this form just obtained (Authorise). */
  token: string | undefined;
  /** A token is stored with the saved connection; it is fetched from main only on Reveal or Copy. */
  saved: boolean;
  issued?: string | undefined;
  onReveal: () => Promise<string | undefined>;
}

const mask = (length: number) => '•'.repeat(Math.min(length, 40));

/** Read-only, masked until revealed; Copy writes the clipboard without showing it. */
export function TokenField({ token, saved, issued, onReveal }: Props) {
  // A stored token fetched for Reveal is dropped again on Hide, so the page holds it no longer than shown.
  const [revealed, setRevealed] = useState<string>();
  const [copied, setCopied] = useState(false);
  const shown = revealed !== undefined;
  const available = Boolean(token) || saved;
  const value = shown ? revealed : token ? mask(token.length) : saved ? mask(24) : '';

  return (
    <div className="field">
      <label htmlFor="accessToken">Access Token</label>
      <div className="token-row">
        <input id="accessToken" readOnly value={value} placeholder="Press Authorise to get a token" className="mono" />
        <button type="button" disabled={!available} aria-pressed={shown} onClick={async () => {
          setRevealed(shown ? undefined : token ?? (await onReveal()));
        }}>{shown ? 'Hide' : 'Reveal'}</button>
        <button type="button" disabled={!available} onClick={async () => {
          const value = token ?? (await onReveal());
          if (!value) return;
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }}>{copied ? 'Copied' : 'Copy'}</button>
      </div>
      {issued && <div className="help">{issued}</div>}
    </div>
  );
}
