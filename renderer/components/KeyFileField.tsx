import { Fragment, useState } from 'react';
import type { EncryptionOption, KeyFileRecord } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { LongHint } from './LongHint.js';
import { EXPIRY_WARNING_DAYS, type CertificateSummary, type KeyEntry, type KeyFileInfo } from '../../shared/keys.js';

interface Props {
  encryption: EncryptionOption;
  pickedName: string | undefined;
  saved: KeyFileRecord | undefined;
  /** The saved key's bytes are there and readable (an import without secrets has the record only). */
  savedKeyReadable: boolean;
  info: KeyFileInfo | undefined;
  error: ErrorInfo | undefined;
  fieldError: string | undefined;
  /** The keystore's key aliases (JKS option). */
  aliases: string[];
  /** The certificate of the key in use: the only one, or the one the Certificate Name picks. */
  certificate: CertificateSummary | undefined;
  /** The keystore's private key entries, with their key type and problem when known. */
  entries: KeyEntry[];
  /** Why the chosen entry cannot sign a Salesforce JWT (an EC key…), known at pick time. */
  chosenProblem: string | undefined;
  /** The alias of the entry in use (the Certificate Name, or the only key). */
  chosenAlias: string | undefined;
  /** The picked file is the other Encryption Option's kind: offer to switch rather than fail at Authorise. */
  wrongKind: EncryptionOption | undefined;
  onSwitch: () => void;
  onPick: (file: File) => void;
}

/** "app (RSA)", or "eckey (EC: cannot sign a Salesforce login)" from the inspected key type and problem. */
const entryLabel = (e: KeyEntry) => {
  if (!e.keyType) return e.alias;
  return `${e.alias} (${e.keyType.toUpperCase()}${e.problem ? ': cannot sign a Salesforce login' : ''})`;
};

export function expiryText(daysLeft: number, validTo: string): { text: string; level: 'ok' | 'warn' | 'bad' } {
  const date = validTo.slice(0, 10);
  if (daysLeft < 0) return { text: `Expired on ${date}`, level: 'bad' };
  if (daysLeft < EXPIRY_WARNING_DAYS)
    return { text: `Expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${date})`, level: 'warn' };
  return { text: `Valid until ${date} (${daysLeft} days left)`, level: 'ok' };
}

/** AB:CD:… that may break only after a colon, never inside a byte. */
function Fingerprint({ hex }: { hex: string }) {
  const bytes = hex.split(':');
  return (
    <span className="fp">
      {bytes.map((b, i) => (
        <Fragment key={i}>
          <span>
            {b}
            {i < bytes.length - 1 ? ':' : ''}
          </span>
          {i < bytes.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}

/**
 * A keystore's warnings, each saying which entry it is about: the one in use first, then the
 * others marked as not in use (an expired `integration_user` must not read as the chosen key's).
 */
export function entryWarnings(
  warnings: readonly string[],
  aliases: readonly string[],
  inUse: string | undefined,
): string[] {
  const aliasOf = (w: string) => aliases.find((a) => w.startsWith(`${a}: `));
  const chosen = inUse?.toLowerCase();
  const mine: string[] = [];
  const others: string[] = [];
  const general: string[] = [];
  for (const w of warnings) {
    const alias = aliasOf(w);
    if (!alias) general.push(w);
    else if (alias.toLowerCase() === chosen) mine.push(`${alias} (the key in use): ${w.slice(alias.length + 2)}`);
    else
      others.push(
        `${alias} (${chosen ? 'another key, not the one in use' : 'one of the keys here'}): ${w.slice(alias.length + 2)}`,
      );
  }
  return [...mine, ...general, ...others];
}

function CertificateLine({ certificate }: { certificate: CertificateSummary }) {
  const expiry = expiryText(certificate.daysLeft, certificate.validTo);
  return (
    <div className="cert">
      <div>
        <span className="k">Certificate</span> {certificate.subject}
      </div>
      <div className={`expiry ${expiry.level}`}>
        <span className="k">Expiry</span> {expiry.text}
      </div>
      <div className="fingerprint">
        <span className="k">SHA-256</span> <Fingerprint hex={certificate.sha256Fingerprint} />
      </div>
    </div>
  );
}

export function KeyFileField({
  encryption,
  pickedName,
  saved,
  savedKeyReadable,
  info,
  error,
  fieldError,
  aliases,
  certificate,
  entries,
  chosenProblem,
  chosenAlias,
  wrongKind,
  onSwitch,
  onPick,
}: Props) {
  const [dragging, setDragging] = useState(false);
  const jks = encryption === 'jks';
  const label = jks ? 'Key Store' : 'Private Key';
  const accept = jks ? '.jks,.p12,.pfx,.jceks,.keystore' : '.key,.pem,.der,.p8';
  const id = 'keyFile';
  const shownName = pickedName ?? saved?.fileName;
  return (
    <div className={`field ${fieldError || error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div
        className={`drop ${dragging ? 'dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) onPick(file);
        }}
      >
        <input
          id={id}
          type="file"
          accept={accept}
          aria-describedby={`${id}-help`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) onPick(file);
            e.target.value = '';
          }}
        />
        <span id={`${id}-help`} className="help">
          {shownName ? (
            <>
              <strong>{shownName}</strong>
              {pickedName
                ? ' (new, saved with the connection)'
                : savedKeyReadable
                  ? ' (imported and stored encrypted)'
                  : ' — the key itself is not here (imported without secrets, or unreadable): pick the file again.'}
            </>
          ) : (
            `Browse or drop a ${jks ? '.jks / .p12 / .pfx keystore' : '.key / .pem private key'} here.`
          )}
        </span>
      </div>
      {info && (
        <div className="inspect" aria-live="polite">
          <div>
            <span className="k">Format</span> {info.formatLabel}
            {info.verified ? ' · password verified' : ''}
            {info.locked ? ' · locked: enter the password' : ''}
          </div>
          {aliases.length > 0 && (
            <div>
              <span className="k">Keys</span> {entries.length ? entries.map(entryLabel).join(', ') : aliases.join(', ')}
            </div>
          )}
          {certificate && <CertificateLine certificate={certificate} />}
          {chosenProblem && !info.warnings.some((w) => w.includes(chosenProblem)) && (
            <div className="warning">⚠ {chosenProblem}</div>
          )}
          {entryWarnings(
            info.warnings,
            entries.map((e) => e.alias),
            chosenAlias,
          ).map((w) => (
            <div key={w} className="warning">
              ⚠ {w}
            </div>
          ))}
        </div>
      )}
      {wrongKind && (
        <div className="switch-offer" role="status">
          {wrongKind === 'privateKey'
            ? 'This is a private key file. Switch Encryption Option to Private Key?'
            : 'This is a keystore file. Switch Encryption Option to Java Key Store?'}{' '}
          <button type="button" className="inline" onClick={onSwitch}>
            Switch to {wrongKind === 'privateKey' ? 'Private Key' : 'Java Key Store'}
          </button>
        </div>
      )}
      {!info &&
        saved?.certificate &&
        !pickedName &&
        (() => {
          const expiry = expiryText(
            Math.floor((Date.parse(saved.certificate.validTo) - Date.now()) / 86_400_000),
            saved.certificate.validTo,
          );
          return (
            <div className="inspect">
              <div>
                <span className="k">Format</span> {saved.format.toUpperCase()}
              </div>
              <div>
                <span className="k">Certificate</span> {saved.certificate.subject}
              </div>
              <div className={`expiry ${expiry.level}`}>
                <span className="k">Expiry</span> {expiry.text}
              </div>
            </div>
          );
        })()}
      {(fieldError || error) && (
        <div className="error-text" role="alert">
          {fieldError ?? error?.message}
          {!fieldError && error?.hint && <LongHint hint={error.hint} />}
        </div>
      )}
    </div>
  );
}
