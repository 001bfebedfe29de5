// The Session part of the form: the access token (masked), whether it is current for the fields
// shown (a token is current only for the settings that obtained it), Open in Salesforce, and Copy as….
import { useEffect, useRef, useState } from 'react';
import type { ApiOutputs } from '../../shared/api.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { ApiError, errorInfo } from '../api-client.js';
import {
  asCurlIdentity,
  asEnvironmentVariables,
  asSfLoginCommand,
  type SfLoginFacts,
  type TokenFacts,
} from '../copy-as.js';
import { andList } from '../../shared/login-requirements.js';
import { TokenField } from './TokenField.js';

/** Where the token shown comes from, and whether it still belongs to the fields on screen. */
export type TokenState =
  | { kind: 'none' }
  | {
      kind: 'current';
      issued?: string | undefined;
      length?: number | undefined;
      /** Changes when the token does (resets Reveal). */ tokenId: string;
    }
  /** A token exists, but for other settings: the labels of the fields changed since. */
  | { kind: 'stale'; changed: string[] }
  /** `missing`: nothing was sent, these details were missing. */
  | { kind: 'failed'; action: string; missing?: string[] };

type OpenAnswer = ApiOutputs['openInSalesforce'];

interface Props {
  state: TokenState;
  /** The current token with its instance and identity URLs: the form's own, or the saved one from main. */
  getToken: () => Promise<TokenFacts | undefined>;
  sfFacts: SfLoginFacts;
  onOpen: () => Promise<OpenAnswer>;
}

type CopyFormat = 'env' | 'sf' | 'curl';
const COPY_LABELS: Record<CopyFormat, string> = {
  env: 'Environment variables (export lines)',
  sf: 'sf org login jwt command',
  curl: 'curl call of the identity URL',
};

function CopyAsMenu({
  tokenAvailable,
  build,
  onDone,
}: {
  tokenAvailable: boolean;
  build: (f: CopyFormat) => Promise<string | undefined>;
  onDone: (message: string | ErrorInfo) => void;
}) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role=menuitem]:not([aria-disabled=true])')?.focus();
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  async function pick(format: CopyFormat) {
    setOpen(false);
    button.current?.focus();
    try {
      const text = await build(format);
      if (text === undefined) return;
      await navigator.clipboard.writeText(text);
      onDone(
        `Copied as ${format === 'env' ? 'environment variables' : format === 'sf' ? 'an sf org login jwt command' : 'a curl call'}.`,
      );
    } catch (error) {
      onDone(errorInfo(error));
    }
  }

  return (
    <div className="copy-as">
      <button type="button" ref={button} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Copy as…
      </button>
      {open && (
        <div
          className="menu"
          role="menu"
          aria-label="Copy as"
          ref={menu}
          onBlur={(e) => {
            if (!menu.current?.contains(e.relatedTarget as Node | null) && e.relatedTarget !== button.current)
              setOpen(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              button.current?.focus();
            }
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const items = [
                ...(menu.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]:not([aria-disabled=true])') ??
                  []),
              ];
              const at = items.indexOf(document.activeElement as HTMLButtonElement);
              items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
            }
          }}
        >
          {(Object.keys(COPY_LABELS) as CopyFormat[]).map((f) => {
            const needsToken = f !== 'sf';
            const disabled = needsToken && !tokenAvailable;
            return (
              <button
                key={f}
                type="button"
                role="menuitem"
                aria-disabled={disabled}
                title={disabled ? 'Authorise first: this one carries the token.' : undefined}
                onClick={() => {
                  if (!disabled) void pick(f);
                }}
              >
                {COPY_LABELS[f]}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

export function TokenPanel({ state, getToken, sfFacts, onOpen }: Props) {
  const [message, setMessage] = useState<string | ErrorInfo>();
  const [opening, setOpening] = useState(false);
  const current = state.kind === 'current';
  useEffect(() => {
    if (!current) setMessage(undefined);
  }, [current]);

  async function tokenFacts(): Promise<TokenFacts> {
    const facts = await getToken();
    if (!facts) throw new ApiError({ code: 'NOT_FOUND', message: 'No current token.', hint: 'Press Authorise first.' });
    return facts;
  }

  async function open() {
    setOpening(true);
    setMessage(undefined);
    try {
      const answer = await onOpen();
      if ('url' in answer) {
        // Browser mode: main cannot open a browser, so this page does; noopener keeps this window out of its reach.
        window.open(answer.url, '_blank', 'noopener');
        setMessage(`Opened ${new URL(answer.url).host} in a new tab.`);
      } else {
        setMessage(`Opened ${answer.host} in your browser.`);
      }
    } catch (error) {
      setMessage(errorInfo(error));
    } finally {
      setOpening(false);
    }
  }

  const note =
    state.kind === 'stale'
      ? `This token was issued for earlier settings (changed since: ${state.changed.join(', ')}). Authorise again to get one for these.`
      : state.kind === 'failed'
        ? state.missing
          ? `No token for these settings: nothing was sent, ${andList(state.missing)} ${state.missing.length === 1 ? 'is' : 'are'} missing.`
          : `No token for these settings: the last ${state.action} failed.`
        : undefined;

  return (
    <div className="token-panel">
      <TokenField
        key={state.kind === 'current' ? state.tokenId : state.kind}
        available={current}
        length={state.kind === 'current' ? state.length : undefined}
        placeholder={
          state.kind === 'stale'
            ? 'Token from earlier settings: not shown'
            : state.kind === 'failed'
              ? state.missing
                ? 'No token: nothing was sent'
                : 'No token: the last attempt failed'
              : 'Press Authorise to get a token'
        }
        getToken={async () => (await tokenFacts()).accessToken}
      />
      {state.kind === 'current' && state.issued && <div className="help">{state.issued}</div>}
      {note && (
        <div className="token-note warn" role="status">
          {note}
        </div>
      )}
      <div className="token-actions">
        <button type="button" disabled={!current || opening} onClick={() => void open()}>
          {opening ? 'Opening…' : 'Open in Salesforce'}
        </button>
        <CopyAsMenu
          tokenAvailable={current}
          onDone={setMessage}
          build={async (f) =>
            f === 'sf'
              ? asSfLoginCommand(sfFacts)
              : f === 'env'
                ? asEnvironmentVariables(await tokenFacts())
                : asCurlIdentity(await tokenFacts())
          }
        />
      </div>
      {typeof message === 'string' && (
        <div className="help" role="status">
          {message}
        </div>
      )}
      {message && typeof message !== 'string' && (
        <div className="error-text" role="alert">
          {message.message}
          {message.hint && <div className="hint">{message.hint}</div>}
        </div>
      )}
    </div>
  );
}
