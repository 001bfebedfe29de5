import { useState } from 'react';

interface Props {
  /** A token current for the fields on screen exists (this form's, or the saved one). */
  available: boolean;
  /** Its length when known (the form's own token), for the mask. */
  length?: number | undefined;
  placeholder: string;
  /** The token itself: the form's, or the saved one fetched from main only on Reveal or Copy. */
  getToken: () => Promise<string>;
}

const mask = (length: number) => '•'.repeat(Math.min(length, 40));

/** Read-only, masked until revealed; Copy writes the clipboard without showing it. */
export function TokenField({ available, length, placeholder, getToken }: Props) {
  // A token fetched for Reveal is dropped again on Hide, so the page holds it no longer than shown.
  const [revealed, setRevealed] = useState<string>();
  const [copied, setCopied] = useState(false);
  const shown = revealed !== undefined && available;
  const value = shown ? revealed : available ? mask(length ?? 24) : '';

  return (
    <div className="field">
      <label htmlFor="accessToken">Access Token</label>
      <div className="token-row">
        <input id="accessToken" readOnly value={value} placeholder={placeholder} className="mono" />
        <button
          type="button"
          disabled={!available}
          aria-pressed={shown}
          onClick={async () => {
            setRevealed(shown ? undefined : await getToken());
          }}
        >
          {shown ? 'Hide' : 'Reveal'}
        </button>
        <button
          type="button"
          disabled={!available}
          onClick={async () => {
            await navigator.clipboard.writeText(await getToken());
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
