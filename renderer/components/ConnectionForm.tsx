// The "Add New Connection" form, in the style of Provar's connection screen.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ENCRYPTION_LABELS, EncryptionOption, type ConnectionView } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import type { KeyEntry, KeyFileInfo } from '../../shared/keys.js';
import type { AuthoriseResult, TestConnectionResult } from '../../shared/salesforce.js';
import { ApiError, call, errorInfo } from '../api-client.js';
import {
  draftFromForm, EMPTY_FORM, fieldErrorsOf, fieldOfError, formFromConnection, readPickedFile, unparsableFields,
  type FieldErrors, type FieldName, type FormState,
} from '../form-state.js';
import { changedLoginFields, forgetProof, loginFieldsOf, peekProof, rememberProof, type LoginFields } from '../login-proof.js';
import { ConnectedAppChecklist, STEPS_FOR_ERROR } from './ConnectedAppChecklist.js';
import { CreateCertificateDialog, type CreatedForForm } from './CreateCertificateDialog.js';
import { downloadFile } from '../download.js';
import { Field } from './Field.js';
import { FormActions, type Busy } from './FormActions.js';
import { KeyFields } from './KeyFields.js';
import { KeyFileField } from './KeyFileField.js';
import { LoginFields as LoginFieldset } from './LoginFields.js';
import { TestResultCard } from './TestResultCard.js';
import { TokenPanel, type TokenState } from './TokenPanel.js';

interface Props {
  connection: ConnectionView | undefined;
  onSaved: (saved: ConnectionView) => void;
  onCancel: () => void;
  onDirtyChange: (dirty: boolean) => void;
  /** Authorise / Test on a saved connection recorded a result: refresh the list. */
  onRecorded: () => void;
}

/** A result and the login fields it was obtained with. */
interface Proven<T> { value: T; for: LoginFields }

/** Until storage's `secretsProblem` lands on ConnectionView (issue 8 §2), read it defensively. */
type SecretsProblem = { code: string; message: string; hint: string };
const secretsProblemOf = (c: ConnectionView | undefined) => (c as { secretsProblem?: SecretsProblem } | undefined)?.secretsProblem;

const FIELD_LABELS: Record<FieldName, string> = {
  name: 'Connection Name', description: 'Description', encryption: 'Encryption Option', consumerKey: 'Consumer Key',
  username: 'Username', environment: 'Environment', myDomainUrl: 'My Domain URL', audience: 'Audience', timeoutSeconds: 'Timeout',
  certificateName: 'Certificate Name', keyStorePassword: 'Key Store Password', keyPassword: 'Key Password', passphrase: 'Passphrase',
  pickedKeyFile: 'Key file', keyFile: 'Key file', form: 'form',
};

const issuedText = (t: Pick<AuthoriseResult, 'issuedAt' | 'tokenUrl' | 'audience' | 'elapsedMs'>) =>
  `Issued ${new Date(t.issuedAt).toLocaleTimeString()} by ${t.tokenUrl} · audience ${t.audience} · ${t.elapsedMs} ms`;

export function ConnectionForm({ connection, onSaved, onCancel, onDirtyChange, onRecorded }: Props) {
  const initial = useMemo(() => (connection ? formFromConnection(connection) : EMPTY_FORM), [connection]);
  const initialLogin = useMemo(() => loginFieldsOf(initial), [initial]);
  // What the Save that opened this form had just proven (issue 9 §1): shown only where main kept it.
  const [savedProof] = useState(() => peekProof(connection?.id));
  useEffect(() => forgetProof(connection?.id), [connection?.id]);
  const [form, setForm] = useState<FormState>(initial);
  const [info, setInfo] = useState<KeyFileInfo>();
  const [inspectError, setInspectError] = useState<ErrorInfo>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [runError, setRunError] = useState<{ error: ErrorInfo; field: FieldName; action: string }>();
  const [busy, setBusy] = useState<Busy>(null);
  const [token, setToken] = useState<Proven<AuthoriseResult>>();
  const [test, setTest] = useState<Proven<TestConnectionResult> | undefined>(() =>
    savedProof?.test && connection?.lastTest?.ok ? { value: savedProof.test, for: initialLogin } : undefined);
  /** The last Authorise/Test failed for these fields: no token is current for them. */
  const [failed, setFailed] = useState<Proven<string>>();
  /** The fields Salesforce last accepted (the checklist's ticks). */
  const [proven, setProven] = useState<LoginFields | undefined>(() => {
    const latest = [connection?.lastAuthorise, connection?.lastTest].filter((r) => r !== undefined).sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    return latest?.ok === true ? initialLogin : undefined;
  });
  const [aliasProblem, setAliasProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [creating, setCreating] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);

  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const login = loginFieldsOf(form);
  const same = (a: LoginFields | undefined) => a !== undefined && changedLoginFields(a, login).length === 0;
  const loginAsSaved = connection !== undefined && same(initialLogin);
  const secretsProblem = secretsProblemOf(connection);

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
    if (connection?.secrets.keyMaterial === 'saved' && !secretsProblem) void inspect({ id: connection.id });
  }, [connection?.id]);

  function set<K extends keyof FormState>(key: K, value: FormState[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setFieldErrors((e) => ({ ...e, [key]: undefined }));
    if (key === 'certificateName') setAliasProblem(undefined);
    if (runError?.field === key) setRunError(undefined);
  }

  async function inspect(overrides: { keyFile?: FormState['pickedKeyFile']; storePassword?: string; passphrase?: string; id?: string; encryption?: FormState['encryption'] } = {}) {
    const keyFile = overrides.keyFile ?? form.pickedKeyFile;
    // Without a new file, the saved one is inspected, but only while it still fits the Encryption Option.
    if (!keyFile && (!connection || connection.encryption !== (overrides.encryption ?? form.encryption))) return;
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

  /** Change the Encryption Option; `keepFile` when the picked file is the kind the other option takes (issue 9 §6). */
  function switchEncryption(encryption: FormState['encryption'], keepFile = false) {
    set('encryption', encryption);
    setAliasProblem(undefined);
    if (keepFile) return;
    set('pickedKeyFile', undefined);
    setInfo(undefined);
    setInspectError(undefined);
  }

  /** Fill the form with a key made by "Create key and certificate". */
  async function useCreated({ created, passphrase, pkcs12Password }: CreatedForForm) {
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

  /** Saved login fields unchanged: run the saved connection, so main records the result on it. */
  const runInput = () => (loginAsSaved ? { id: connection.id } : { ...(connection && { id: connection.id }), draft: draftFromForm(form) });

  async function run(action: 'authorise' | 'test') {
    setNotice(undefined);
    setRunError(undefined);
    const unparsable = unparsableFields(form);
    setFieldErrors(unparsable);
    if (Object.keys(unparsable).length > 0) return;
    setBusy(action);
    const input = runInput();
    const ranFor = login;
    try {
      if (action === 'authorise') {
        const result = await call('authorise', input);
        setToken({ value: result, for: ranFor });
        setTest(undefined);
        if (result.audienceNote) setNotice(result.audienceNote);
      } else {
        setTest({ value: await call('testConnection', input), for: ranFor });
      }
      setFailed(undefined);
      setProven(ranFor);
    } catch (error) {
      const info = errorInfo(error);
      // Nothing obtained earlier stays looking current after a failure (issue 9 §2).
      setToken(undefined);
      setTest(undefined);
      setFailed({ value: action === 'authorise' ? 'Authorise' : 'Test Connection', for: ranFor });
      setProven(undefined);
      setFieldErrors(fieldErrorsOf(info));
      setRunError({ error: info, field: fieldOfError(info, form.environment), action: action === 'authorise' ? 'Authorise' : 'Test Connection' });
    } finally {
      setBusy(null);
      if ('id' in input && !('draft' in input)) onRecorded();
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
      // Main keeps the token and results proven with exactly these fields; the next form shows them.
      const t = token && same(token.for) ? token.value : undefined;
      rememberProof(result.id, {
        ...(t && { issued: { issuedAt: t.issuedAt, tokenUrl: t.tokenUrl, audience: t.audience, elapsedMs: t.elapsedMs, instanceUrl: t.instanceUrl, id: t.id } }),
        ...(test && same(test.for) && { test: test.value }),
      });
      onSaved(result);
    } catch (error) {
      const info = errorInfo(error);
      setFieldErrors(fieldErrorsOf(info));
      setRunError({ error: info, field: fieldOfError(info, form.environment), action: 'Save' });
    } finally {
      setBusy(null);
    }
  }

  const jks = form.encryption === 'jks';
  const keyFileError = inspectError && (fieldOfError(inspectError, form.environment) === 'keyFile' ? inspectError : undefined);
  const inspectFieldError = inspectError && !keyFileError ? inspectError : undefined;
  const errorFor = (field: FieldName): ErrorInfo | string | undefined => fieldErrors[field] ?? (runError?.field === field ? runError.error : undefined)
    ?? (inspectFieldError && fieldOfError(inspectFieldError, form.environment) === field ? inspectFieldError : undefined);
  const passphraseCodes = new Set(['PASSPHRASE_REQUIRED', 'WRONG_PASSPHRASE']);
  const showPassphrase = !jks && (info?.encrypted || info?.locked || connection?.secrets.passphrase === 'saved' || Boolean(form.passphrase)
    || passphraseCodes.has(inspectError?.code ?? '') || passphraseCodes.has(runError?.error.code ?? ''));

  const plainKeyFile = info?.format === 'pem' || info?.format === 'der';
  // A plain key file has one nameless entry: no aliases to list.
  const privateEntries: KeyEntry[] = info?.entries.filter((e) => e.kind === 'privateKey') ?? [];
  const aliases = plainKeyFile ? [] : privateEntries.map((e) => e.alias);
  // The entry the Certificate Name picks (or the only key there is): its certificate is the one shown.
  const chosenEntry = privateEntries.length === 1 ? privateEntries[0] : privateEntries.find((e) => e.alias.toLowerCase() === form.certificateName.trim().toLowerCase());
  const certificateSubject = chosenEntry?.certificate?.subject ?? (!form.pickedKeyFile && connection?.encryption === form.encryption ? connection?.keyFile?.certificate?.subject : undefined);
  // A file of the other option's kind (issue 9 §6): offer to switch rather than fail later.
  const wrongKind = info && form.pickedKeyFile ? (jks && plainKeyFile ? 'privateKey' : !jks && !plainKeyFile ? 'jks' : undefined) : undefined;

  function checkCertificateName() {
    const name = form.certificateName.trim();
    if (name && aliases.length > 0 && !aliases.some((a) => a.toLowerCase() === name.toLowerCase())) {
      setAliasProblem(`"${name}" is not a key in this keystore. Keys there are: ${aliases.join(', ')}.`);
    }
  }

  // The token shown, and whether it belongs to the fields on screen (issue 9 §1–§2).
  const savedTokenCurrent = loginAsSaved && connection.secrets.accessToken === 'saved' && !secretsProblem && !(failed && same(failed.for));
  const tokenState: TokenState =
    token && same(token.for) ? { kind: 'current', issued: issuedText(token.value), length: token.value.accessToken.length, tokenId: token.value.issuedAt }
      : failed && same(failed.for) ? { kind: 'failed', action: failed.value }
        : savedTokenCurrent ? { kind: 'current', issued: savedProof?.issued && issuedText(savedProof.issued), tokenId: 'saved' }
          : token ? { kind: 'stale', changed: changedLoginFields(token.for, login) }
            : connection?.secrets.accessToken === 'saved' && !loginAsSaved ? { kind: 'stale', changed: changedLoginFields(initialLogin, login) }
              : { kind: 'none' };

  async function currentToken() {
    if (token && same(token.for)) return { accessToken: token.value.accessToken, instanceUrl: token.value.instanceUrl, id: token.value.id };
    if (!savedTokenCurrent) return undefined;
    const saved = await call('revealToken', { id: connection.id }) as { accessToken: string; instanceUrl?: string; id?: string };
    const instanceUrl = saved.instanceUrl ?? savedProof?.issued?.instanceUrl ?? test?.value.instanceUrl;
    const id = saved.id ?? savedProof?.issued?.id;
    if (!instanceUrl || !id) throw new ApiError({ code: 'NOT_FOUND', message: 'The saved token\'s instance is not known here.', hint: 'Press Authorise, then copy again.' });
    return { accessToken: saved.accessToken, instanceUrl, id };
  }

  const staleTest = test && !same(test.for) ? changedLoginFields(test.for, login) : undefined;
  const title = connection ? `Edit Connection: ${connection.name}` : 'Add New Connection';

  return (
    <div className="form-with-help">
    <form className="connection-form" aria-labelledby="form-title" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
      <div className="form-head">
        <h2 id="form-title" title={title}>{title}</h2>
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
      {secretsProblem && (
        <div className="banner warn secrets-problem" role="alert">
          <strong>The saved secrets of this connection cannot be read</strong> (key file, passwords and token): {secretsProblem.message}
          <div className="hint">{secretsProblem.hint} Enter the {jks ? 'Key Store Password' : 'Passphrase (if the key has one)'} again and pick the key file again, then Save: that replaces them; the old ones are not needed.</div>
        </div>
      )}
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
          <select id="encryption" value={form.encryption} onChange={(e) => switchEncryption(e.target.value as FormState['encryption'])}>
            {EncryptionOption.options.map((o) => <option key={o} value={o}>{ENCRYPTION_LABELS[o]}</option>)}
          </select>
        </Field>
        <Field id="consumerKey" label="Consumer Key" error={errorFor('consumerKey')}>
          <input id="consumerKey" className="mono" value={form.consumerKey} onChange={(e) => set('consumerKey', e.target.value)} autoComplete="off" spellCheck={false} />
        </Field>
        <KeyFileField encryption={form.encryption} pickedName={form.pickedKeyFile?.fileName}
          saved={connection?.encryption === form.encryption ? connection.keyFile : undefined}
          savedKeyReadable={connection?.secrets.keyMaterial === 'saved' && !secretsProblem}
          info={info} error={keyFileError ?? (runError?.field === 'keyFile' ? runError.error : undefined)}
          fieldError={fieldErrors.keyFile} aliases={jks ? aliases : []} entries={jks && !plainKeyFile ? privateEntries : []} certificate={chosenEntry?.certificate}
          chosenProblem={(chosenEntry as { problem?: string } | undefined)?.problem}
          wrongKind={wrongKind} onSwitch={() => { if (wrongKind) { switchEncryption(wrongKind, true); } }}
          onPick={(f) => void pick(f)} />
        <div className="field">
          <span />
          <div><button type="button" className="link" onClick={() => setCreating(true)}>Create key and certificate…</button> <span className="help">No key yet? Make one here.</span></div>
        </div>
        <KeyFields form={form} connection={connection} savedReadable={!secretsProblem} set={set} errorFor={errorFor} showPassphrase={Boolean(showPassphrase)}
          aliases={aliases} aliasProblem={aliasProblem} onCertificateNameBlur={checkCertificateName}
          onPasswordBlur={() => { if (form.pickedKeyFile || connection) void inspect(); }} />
      </fieldset>

      <LoginFieldset form={form} set={set} errorFor={errorFor} />

      <fieldset>
        <legend>Session</legend>
        <TokenPanel state={tokenState} getToken={currentToken}
          sfFacts={{ consumerKey: form.consumerKey.trim(), username: form.username.trim(), environment: form.environment, myDomainUrl: form.myDomainUrl.trim(),
            keyFileName: jks ? undefined : form.pickedKeyFile?.fileName ?? connection?.keyFile?.fileName }}
          onOpen={() => call('openInSalesforce', runInput())} />
      </fieldset>

      {test && same(test.for) && <TestResultCard result={test.value} />}
      {staleTest && <div className="token-note warn" role="status">The Test Connection result was dropped: {staleTest.join(', ')} changed since it ran.</div>}

      <FormActions busy={busy} onAuthorise={() => void run('authorise')} onTest={() => void run('test')} onCancel={onCancel} />
    </form>
    <ConnectedAppChecklist
      username={form.username}
      consumerKeyFilled={Boolean(form.consumerKey.trim())}
      environmentReady={form.environment !== 'mydomain' || Boolean(form.myDomainUrl.trim())}
      certificateSubject={certificateSubject}
      errorCode={runError?.error.code}
      authorised={same(proven)}
      onDownloadCertificate={() => void downloadCertificate()}
    />
    {creating && <CreateCertificateDialog encryption={form.encryption} suggestedName={form.name} onClose={() => setCreating(false)} onCreated={(r) => void useCreated(r)} />}
    </div>
  );
}
