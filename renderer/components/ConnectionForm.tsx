// The "Add New Connection" form, in the style of Provar's connection screen.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ENCRYPTION_LABELS, EncryptionOption, type ConnectionView } from '../../shared/connection.js';
import { Environment, ENVIRONMENT_LABELS } from '../../shared/salesforce.js';
import type { ErrorInfo } from '../../shared/errors.js';
import type { KeyFileInfo } from '../../shared/keys.js';
import type { AuthoriseResult, TestConnectionResult } from '../../shared/salesforce.js';
import { call, errorInfo } from '../api-client.js';
import {
  draftFromForm, EMPTY_FORM, fieldErrorsOf, fieldOfError, formFromConnection, readPickedFile, unparsableFields,
  type FieldErrors, type FieldName, type FormState,
} from '../form-state.js';
import { ConnectedAppChecklist, STEPS_FOR_ERROR } from './ConnectedAppChecklist.js';
import { CreateCertificateDialog, type CreatedForForm } from './CreateCertificateDialog.js';
import { downloadFile } from '../download.js';
import { KeyFileField } from './KeyFileField.js';
import { TestResultCard } from './TestResultCard.js';
import { TokenField } from './TokenField.js';

interface Props {
  connection: ConnectionView | undefined;
  onSaved: (saved: ConnectionView) => void;
  onCancel: () => void;
  onDirtyChange: (dirty: boolean) => void;
  /** Authorise / Test on a saved connection recorded a result: refresh the list. */
  onRecorded: () => void;
}

type Busy = 'authorise' | 'test' | 'save' | null;

const FIELD_LABELS: Record<FieldName, string> = {
  name: 'Connection Name', description: 'Description', encryption: 'Encryption Option', consumerKey: 'Consumer Key',
  username: 'Username', environment: 'Environment', myDomainUrl: 'My Domain URL', audience: 'Audience', timeoutSeconds: 'Timeout',
  certificateName: 'Certificate Name', keyStorePassword: 'Key Store Password', keyPassword: 'Key Password', passphrase: 'Passphrase',
  pickedKeyFile: 'Key file', keyFile: 'Key file', form: 'form',
};

function Field({ id, label, error, help, children }: { id: FieldName | 'connectionType' | 'authType'; label: string; error?: ErrorInfo | string | undefined; help?: ReactNode; children: ReactNode }) {
  const message = typeof error === 'string' ? error : error?.message;
  const hint = typeof error === 'string' ? undefined : error?.hint;
  return (
    <div className={`field ${message ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help && !message && <div className="help" id={`${id}-help`}>{help}</div>}
      {message && (
        <div className="error-text" role="alert" id={`${id}-error`}>
          {message}
          {hint && <div className="hint">{hint}</div>}
        </div>
      )}
    </div>
  );
}

export function ConnectionForm({ connection, onSaved, onCancel, onDirtyChange, onRecorded }: Props) {
  const initial = useMemo(() => (connection ? formFromConnection(connection) : EMPTY_FORM), [connection]);
  const [form, setForm] = useState<FormState>(initial);
  const [info, setInfo] = useState<KeyFileInfo>();
  const [inspectError, setInspectError] = useState<ErrorInfo>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [runError, setRunError] = useState<{ error: ErrorInfo; field: FieldName; action: string }>();
  const [busy, setBusy] = useState<Busy>(null);
  const [token, setToken] = useState<AuthoriseResult>();
  const [test, setTest] = useState<TestConnectionResult>();
  const [notice, setNotice] = useState<string>();
  const [creating, setCreating] = useState(false);
  // The checklist shows "accepted" when the latest saved attempt (Authorise or Test) succeeded.
  const [authorised, setAuthorised] = useState(() => {
    const latest = [connection?.lastAuthorise, connection?.lastTest].filter((r) => r !== undefined).sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    return latest?.ok === true;
  });
  const firstField = useRef<HTMLInputElement>(null);

  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => { if (dirty) { e.preventDefault(); e.returnValue = ''; } };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  useEffect(() => { firstField.current?.focus(); }, [connection?.id]);

  // A saved key file: show what it is, and list a keystore's aliases for the Certificate Name picker.
  // (Once per connection: `inspect` reads the form's current passwords, which must not re-trigger it.)
  useEffect(() => {
    if (connection?.secrets.keyMaterial === 'saved') void inspect({ id: connection.id });
  }, [connection?.id]);

  function set<K extends keyof FormState>(key: K, value: FormState[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    if (key !== 'name' && key !== 'description' && key !== 'timeoutSeconds') setAuthorised(false);
    setFieldErrors((e) => ({ ...e, [key]: undefined }));
    if (runError?.field === key) setRunError(undefined);
  }

  async function inspect(overrides: { keyFile?: FormState['pickedKeyFile']; storePassword?: string; passphrase?: string; id?: string } = {}) {
    const keyFile = overrides.keyFile ?? form.pickedKeyFile;
    // Without a new file, the saved one is inspected, but only while it still fits the Encryption Option.
    if (!keyFile && (!connection || connection.encryption !== form.encryption)) return;
    try {
      const result = await call('inspectKeyFile', {
        ...(keyFile ? { keyFile } : {}),
        ...(connection && { id: connection.id }),
        storePassword: overrides.storePassword ?? (form.keyStorePassword || undefined),
        passphrase: overrides.passphrase ?? (form.passphrase || undefined),
      });
      setInfo(result);
      setInspectError(undefined);
    } catch (error) {
      setInfo(undefined);
      setInspectError(errorInfo(error));
    }
  }

  async function pick(file: File) {
    const picked = await readPickedFile(file);
    set('pickedKeyFile', picked);
    setRunError(undefined);
    await inspect({ keyFile: picked });
  }

  /** Fill the form with a key made by "Create key and certificate". */
  async function useCreated({ created, passphrase, pkcs12Password }: CreatedForForm) {
    setAuthorised(false);
    const file = (kind: string) => created.files.find((f) => f.kind === kind);
    if (form.encryption === 'jks' && file('pkcs12') && pkcs12Password) {
      const picked = { fileName: file('pkcs12')!.fileName, base64: file('pkcs12')!.base64 };
      setForm((f) => ({ ...f, pickedKeyFile: picked, keyStorePassword: pkcs12Password, keyPassword: '', certificateName: created.alias }));
      await inspect({ keyFile: picked, storePassword: pkcs12Password });
    } else {
      // The key is imported together with its certificate, so the saved connection knows the
      // certificate (expiry, checklist) although the .key file written for the user holds the key alone.
      const key = atob(file('privateKey')!.base64);
      const cert = atob(file('certificate')!.base64);
      const picked = { fileName: file('privateKey')!.fileName, base64: btoa(key + cert) };
      setForm((f) => ({ ...f, pickedKeyFile: picked, passphrase: passphrase ?? '' }));
      await inspect({ keyFile: picked, ...(passphrase && { passphrase }) });
    }
    setNotice(`Created ${created.files.map((f) => f.fileName).join(', ')}. Upload ${file('certificate')!.fileName} to the Connected App ("Use digital signatures"), then Save.`);
  }

  async function downloadCertificate() {
    try {
      const cert = await call('exportCertificate', {
        ...(form.pickedKeyFile ? { keyFile: form.pickedKeyFile } : {}),
        ...(connection && { id: connection.id }),
        ...(form.keyStorePassword && { storePassword: form.keyStorePassword }),
        ...(form.passphrase && { passphrase: form.passphrase }),
        ...(form.certificateName && { alias: form.certificateName }),
      });
      downloadFile(cert.fileName, { text: cert.pem }, 'application/x-x509-ca-cert');
    } catch (error) {
      const info = errorInfo(error);
      setRunError({ error: info, field: fieldOfError(info, form.environment), action: 'Download certificate' });
    }
  }

  const canUseSaved = connection && !dirty;

  async function run(action: 'authorise' | 'test') {
    setNotice(undefined);
    setRunError(undefined);
    const unparsable = unparsableFields(form);
    setFieldErrors(unparsable);
    if (Object.keys(unparsable).length > 0) return;
    setBusy(action);
    try {
      const input = canUseSaved ? { id: connection.id } : { ...(connection && { id: connection.id }), draft: draftFromForm(form) };
      if (action === 'authorise') {
        const result = await call('authorise', input);
        setToken(result);
        setAuthorised(true);
        setTest(undefined);
        if (result.audienceNote) setNotice(result.audienceNote);
      } else {
        setTest(await call('testConnection', input));
        setAuthorised(true);
      }
    } catch (error) {
      const info = errorInfo(error);
      setAuthorised(false);
      setFieldErrors(fieldErrorsOf(info));
      setRunError({ error: info, field: fieldOfError(info, form.environment), action: action === 'authorise' ? 'Authorise' : 'Test Connection' });
      if (action === 'test') setTest(undefined);
    } finally {
      setBusy(null);
      if (canUseSaved) onRecorded();
    }
  }

  async function save() {
    setNotice(undefined);
    setRunError(undefined);
    const problems = { ...unparsableFields(form), ...(!form.name.trim() && { name: 'Connection Name is required.' }) };
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy('save');
    try {
      const draft = draftFromForm(form);
      const result = connection ? await call('updateConnection', { id: connection.id, draft }) : await call('createConnection', draft);
      onSaved(result);
    } catch (error) {
      const info = errorInfo(error);
      setFieldErrors(fieldErrorsOf(info));
      setRunError({ error: info, field: fieldOfError(info, form.environment), action: 'Save' });
    } finally {
      setBusy(null);
    }
  }

  const errorFor = (field: FieldName): ErrorInfo | string | undefined => fieldErrors[field] ?? (runError?.field === field ? runError.error : undefined);
  const jks = form.encryption === 'jks';
  const passphraseCodes = new Set(['PASSPHRASE_REQUIRED', 'WRONG_PASSPHRASE']);
  const showPassphrase = !jks && (info?.encrypted || info?.locked || connection?.secrets.passphrase === 'saved' || Boolean(form.passphrase)
    || passphraseCodes.has(inspectError?.code ?? '') || passphraseCodes.has(runError?.error.code ?? ''));
  const savedHint = (name: 'keyStorePassword' | 'keyPassword' | 'passphrase') =>
    connection?.secrets[name] === 'saved' ? 'Saved (encrypted). Leave empty to keep it.' : undefined;
  const keyFileError = inspectError && (fieldOfError(inspectError, form.environment) === 'keyFile' ? inspectError : undefined);
  const inspectFieldError = inspectError && !keyFileError ? inspectError : undefined;

  const privateEntries = info?.entries.filter((e) => e.kind === 'privateKey') ?? [];
  const aliases = privateEntries.map((e) => e.alias);
  // The entry the Certificate Name picks (or the only key there is): its certificate is the one shown.
  const chosenEntry = privateEntries.length === 1 ? privateEntries[0] : privateEntries.find((e) => e.alias.toLowerCase() === form.certificateName.trim().toLowerCase());
  const certificateSubject = chosenEntry?.certificate?.subject ?? (!form.pickedKeyFile && connection?.encryption === form.encryption ? connection?.keyFile?.certificate?.subject : undefined);

  return (
    <div className="form-with-help">
    <form className="connection-form" aria-labelledby="form-title" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
      <div className="form-head">
        <h2 id="form-title">{connection ? `Edit Connection: ${connection.name}` : 'Add New Connection'}</h2>
        {dirty && <span className="dirty" aria-live="polite">Unsaved changes</span>}
      </div>

      {runError && runError.field === 'form' && (
        <div className="banner error" role="alert">
          <strong>{runError.action} failed.</strong> {runError.error.message}
          {runError.error.hint && <div className="hint">{runError.error.hint}</div>}
        </div>
      )}
      {runError && runError.field !== 'form' && (
        <div className="banner error" role="alert">
          <strong>{runError.action} failed.</strong> See <a href={`#${runError.field}`}>{FIELD_LABELS[runError.field]}</a> below
          {STEPS_FOR_ERROR[runError.error.code] && <> and the highlighted step of the <a href="#checklist-title">Connected App checklist</a></>}.
        </div>
      )}
      {notice && <div className="banner info" role="status">{notice}</div>}
      {connection && !connection.secretsPersisted && (
        <div className="banner warn">Secrets of this connection are kept for this session only.</div>
      )}

      <fieldset>
        <legend>Connection</legend>
        <Field id="name" label="Connection Name" error={errorFor('name')}>
          <input id="name" ref={firstField} value={form.name} onChange={(e) => set('name', e.target.value)} required aria-required="true" autoComplete="off" />
        </Field>
        <Field id="description" label="Description">
          <textarea id="description" rows={2} value={form.description} onChange={(e) => set('description', e.target.value)} />
        </Field>
        <div className="pair">
          <Field id="connectionType" label="Connection Type">
            <select id="connectionType" value="salesforce" disabled><option value="salesforce">Salesforce</option></select>
          </Field>
          <Field id="authType" label="Authentication">
            <select id="authType" value="oauth-jwt" disabled><option value="oauth-jwt">OAuth (JWT Flow)</option></select>
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>Key</legend>
        <Field id="encryption" label="Encryption Option">
          <select id="encryption" value={form.encryption} onChange={(e) => {
            set('encryption', e.target.value as FormState['encryption']);
            set('pickedKeyFile', undefined);
            setInfo(undefined);
            setInspectError(undefined);
          }}>
            {EncryptionOption.options.map((o) => <option key={o} value={o}>{ENCRYPTION_LABELS[o]}</option>)}
          </select>
        </Field>
        <Field id="consumerKey" label="Consumer Key" error={errorFor('consumerKey')}>
          <input id="consumerKey" className="mono" value={form.consumerKey} onChange={(e) => set('consumerKey', e.target.value)} autoComplete="off" spellCheck={false} />
        </Field>
        <KeyFileField encryption={form.encryption} pickedName={form.pickedKeyFile?.fileName}
          saved={connection?.encryption === form.encryption ? connection.keyFile : undefined}
          info={info} error={keyFileError ?? (runError?.field === 'keyFile' ? runError.error : undefined)}
          fieldError={fieldErrors.keyFile} aliases={jks ? aliases : []} certificate={chosenEntry?.certificate} onPick={(f) => void pick(f)} />
        <div className="field">
          <span />
          <div><button type="button" className="link" onClick={() => setCreating(true)}>Create key and certificate…</button> <span className="help">No key yet? Make one here.</span></div>
        </div>
        {jks ? (
          <>
            <Field id="keyStorePassword" label="Key Store Password" error={errorFor('keyStorePassword') ?? (inspectFieldError && fieldOfError(inspectFieldError, form.environment) === 'keyStorePassword' ? inspectFieldError : undefined)} help={savedHint('keyStorePassword')}>
              <input id="keyStorePassword" type="password" value={form.keyStorePassword} autoComplete="off"
                placeholder={connection?.secrets.keyStorePassword === 'saved' ? '•••••••• (saved)' : ''}
                onChange={(e) => set('keyStorePassword', e.target.value)} onBlur={() => { if (form.pickedKeyFile || connection) void inspect(); }} />
            </Field>
            <Field id="certificateName" label="Certificate Name" error={errorFor('certificateName')}
              help={aliases.length ? `Keys in this keystore: ${aliases.join(', ')}` : 'The alias of the key in the keystore; can be left empty when it holds one key.'}>
              <input id="certificateName" list="aliases" value={form.certificateName} onChange={(e) => set('certificateName', e.target.value)} autoComplete="off" spellCheck={false} />
              <datalist id="aliases">{aliases.map((a) => <option key={a} value={a} />)}</datalist>
            </Field>
            <Field id="keyPassword" label="Key Password" error={errorFor('keyPassword')} help={savedHint('keyPassword') ?? 'Only if the key has its own password, different from the Key Store Password.'}>
              <input id="keyPassword" type="password" value={form.keyPassword} autoComplete="off"
                placeholder={connection?.secrets.keyPassword === 'saved' ? '•••••••• (saved)' : ''} onChange={(e) => set('keyPassword', e.target.value)} />
            </Field>
          </>
        ) : showPassphrase ? (
          <Field id="passphrase" label="Passphrase" error={errorFor('passphrase') ?? (inspectFieldError && fieldOfError(inspectFieldError, form.environment) === 'passphrase' ? inspectFieldError : undefined)} help={savedHint('passphrase') ?? 'This private key is encrypted.'}>
            <input id="passphrase" type="password" value={form.passphrase} autoComplete="off"
              placeholder={connection?.secrets.passphrase === 'saved' ? '•••••••• (saved)' : ''}
              onChange={(e) => set('passphrase', e.target.value)} onBlur={() => { if (form.pickedKeyFile || connection) void inspect(); }} />
          </Field>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Login</legend>
        <Field id="username" label="Username" error={errorFor('username')}>
          <input id="username" type="email" value={form.username} onChange={(e) => set('username', e.target.value)} autoComplete="off" spellCheck={false} placeholder="integration.user@example.com" />
        </Field>
        <Field id="environment" label="Environment" error={errorFor('environment')}>
          <select id="environment" value={form.environment} onChange={(e) => set('environment', e.target.value as FormState['environment'])}>
            {Environment.options.map((e) => <option key={e} value={e}>{ENVIRONMENT_LABELS[e]}</option>)}
          </select>
        </Field>
        {form.environment === 'mydomain' && (
          <Field id="myDomainUrl" label="My Domain URL" error={errorFor('myDomainUrl')} help="Setup → My Domain, e.g. https://acme.my.salesforce.com">
            <input id="myDomainUrl" type="url" value={form.myDomainUrl} onChange={(e) => set('myDomainUrl', e.target.value)} autoComplete="off" spellCheck={false} placeholder="https://yourcompany.my.salesforce.com" />
          </Field>
        )}
        <details className="advanced" open={Boolean(form.audience || form.timeoutSeconds || errorFor('audience') || errorFor('timeoutSeconds'))}>
          <summary>Advanced</summary>
          <Field id="audience" label="Audience" error={errorFor('audience')} help="Overrides the audience (aud) of the login. Used as given, with no retry.">
            <input id="audience" type="url" value={form.audience} onChange={(e) => set('audience', e.target.value)} autoComplete="off" spellCheck={false} />
          </Field>
          <Field id="timeoutSeconds" label="Timeout (seconds)" error={errorFor('timeoutSeconds')} help="Default 30.">
            <input id="timeoutSeconds" inputMode="numeric" value={form.timeoutSeconds} onChange={(e) => set('timeoutSeconds', e.target.value)} />
          </Field>
        </details>
      </fieldset>

      <fieldset>
        <legend>Session</legend>
        <TokenField key={token?.accessToken ?? "saved"} token={token?.accessToken} saved={canUseSaved ? connection.secrets.accessToken === 'saved' : false}
          issued={token && `Issued ${new Date(token.issuedAt).toLocaleTimeString()} by ${token.tokenUrl} · audience ${token.audience} · ${token.elapsedMs} ms`}
          onReveal={async () => (connection ? (await call('revealToken', { id: connection.id })).accessToken : undefined)} />
      </fieldset>

      {test && <TestResultCard result={test} />}

      <div className="actions" aria-busy={busy !== null}>
        <button type="button" onClick={() => void run('authorise')} disabled={busy !== null}>{busy === 'authorise' ? 'Authorising…' : 'Authorise'}</button>
        <button type="button" onClick={() => void run('test')} disabled={busy !== null}>{busy === 'test' ? 'Testing…' : 'Test Connection'}</button>
        <span className="spacer" />
        <button type="submit" className="primary" disabled={busy !== null}>{busy === 'save' ? 'Saving…' : 'Save'}</button>
        <button type="button" onClick={onCancel} disabled={busy === 'save'}>Cancel</button>
      </div>
    </form>
    <ConnectedAppChecklist
      username={form.username}
      consumerKeyFilled={Boolean(form.consumerKey.trim())}
      environmentReady={form.environment !== 'mydomain' || Boolean(form.myDomainUrl.trim())}
      certificateSubject={certificateSubject}
      errorCode={runError?.error.code}
      authorised={authorised}
      onDownloadCertificate={() => void downloadCertificate()}
    />
    {creating && <CreateCertificateDialog encryption={form.encryption} suggestedName={form.name} onClose={() => setCreating(false)} onCreated={(r) => void useCreated(r)} />}
    </div>
  );
}
