// The secrets of the key: Key Store Password, Certificate Name and Key Password (JKS option), or
// the Passphrase of an encrypted private key.
import type { ConnectionView } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import type { FieldName, FormState } from '../form-state.js';
import { Field } from './Field.js';

interface Props {
  form: FormState;
  connection: ConnectionView | undefined;
  /** The saved secrets can be read (no secretsProblem): "leave empty to keep" is true only then. */
  savedReadable: boolean;
  set: <K extends keyof FormState>(key: K, value: FormState[K]) => void;
  errorFor: (field: FieldName) => ErrorInfo | string | undefined;
  showPassphrase: boolean;
  aliases: string[];
  /** A Certificate Name that is not in the keystore, flagged when the field is left. */
  aliasProblem: string | undefined;
  onPasswordBlur: () => void;
  onCertificateNameBlur: () => void;
}

export function KeyFields({
  form,
  connection,
  savedReadable,
  set,
  errorFor,
  showPassphrase,
  aliases,
  aliasProblem,
  onPasswordBlur,
  onCertificateNameBlur,
}: Props) {
  const saved = (name: 'keyStorePassword' | 'keyPassword' | 'passphrase') =>
    savedReadable && connection?.secrets[name] === 'saved';
  const savedHint = (name: 'keyStorePassword' | 'keyPassword' | 'passphrase') =>
    saved(name) ? 'Saved (encrypted). Leave empty to keep it.' : undefined;
  const placeholder = (name: 'keyStorePassword' | 'keyPassword' | 'passphrase') =>
    saved(name) ? '•••••••• (saved)' : '';
  if (form.encryption === 'jks') {
    return (
      <>
        <Field
          id="keyStorePassword"
          label="Key Store Password"
          error={errorFor('keyStorePassword')}
          help={savedHint('keyStorePassword')}
        >
          <input
            id="keyStorePassword"
            type="password"
            value={form.keyStorePassword}
            autoComplete="off"
            placeholder={placeholder('keyStorePassword')}
            onChange={(e) => set('keyStorePassword', e.target.value)}
            onBlur={onPasswordBlur}
          />
        </Field>
        <Field
          id="certificateName"
          label="Certificate Name"
          error={errorFor('certificateName') ?? aliasProblem}
          help={
            aliases.length
              ? `Keys in this keystore: ${aliases.join(', ')}`
              : 'The alias of the key in the keystore; can be left empty when it holds one key.'
          }
        >
          <input
            id="certificateName"
            list="aliases"
            value={form.certificateName}
            onChange={(e) => set('certificateName', e.target.value)}
            onBlur={onCertificateNameBlur}
            autoComplete="off"
            spellCheck={false}
          />
          <datalist id="aliases">
            {aliases.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </Field>
        <Field
          id="keyPassword"
          label="Key Password"
          error={errorFor('keyPassword')}
          help={
            savedHint('keyPassword') ?? 'Only if the key has its own password, different from the Key Store Password.'
          }
        >
          <input
            id="keyPassword"
            type="password"
            value={form.keyPassword}
            autoComplete="off"
            placeholder={placeholder('keyPassword')}
            onChange={(e) => set('keyPassword', e.target.value)}
          />
        </Field>
      </>
    );
  }
  if (!showPassphrase) return null;
  return (
    <Field
      id="passphrase"
      label="Passphrase"
      error={errorFor('passphrase')}
      help={savedHint('passphrase') ?? 'This private key is encrypted.'}
    >
      <input
        id="passphrase"
        type="password"
        value={form.passphrase}
        autoComplete="off"
        placeholder={placeholder('passphrase')}
        onChange={(e) => set('passphrase', e.target.value)}
        onBlur={onPasswordBlur}
      />
    </Field>
  );
}
