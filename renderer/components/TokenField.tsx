import { useState } from 'react';

interface Props {
  token: string | undefined;
  saved: boolean;
  issued?: string | undefined;
  onReveal: () => Promise<string | undefined>;
}

/** Read-only, masked until revealed; Copy writes the clipboard without showing it. */
export function TokenField({ token, saved, issued, onReveal }: Props) {
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const available = Boolean(token) || saved;
  const value = token ? (shown ? token : '•'.repeat(Math.min(token.length, 40))) : saved ? '•'.repeat(24) : '';
  async function get(): Promise<string | undefined> {
    return token ?? (await onReveal());
  }
  return (
    <div className="field">
      <label htmlFor="accessToken">Access Token</label>
      <div className="token-row">
        <input id="accessToken" readOnly value={value} placeholder="Press Authorise to get a token" className="mono" />
        <button type="button" disabled={!available} aria-pressed={shown} onClick={async () => {
          if (!shown && !token) await get();
          setShown(!shown);
        }}>{shown ? 'Hide' : 'Reveal'}</button>
        <button type="button" disabled={!available} onClick={async () => {
          const t = await get();
          if (t) { await navigator.clipboard.writeText(t); setCopied(true); setTimeout(() => setCopied(false), 1500); }
        }}>{copied ? 'Copied' : 'Copy'}</button>
      </div>
      {issued && <div className="help">{issued}</div>}
    </div>
  );
}
