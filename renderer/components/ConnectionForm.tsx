// The "Add New Connection" form, in the style of Provar's connection screen.
import { escapeField } from '../../shared/safe-text.js';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ENCRYPTION_LABELS, EncryptionOption, type ConnectionView } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import type { KeyEntry, KeyFileInfo } from '../../shared/keys.js';
import { call, errorInfo } from '../api-client.js';
import {
  draftFromForm, EMPTY_FORM, fieldErrorsOf, fieldOfError, formFromConnection, keyMissingFrom, missingErrors, missingInForm, nothingSent,
  readPickedFile, unparsableFields, type FieldErrors, type FieldName, type FormState,
} from '../form-state.js';
import { loginFieldsOf, rememberProof } from '../login-proof.js';
import { ConsumerKeyField } from './ConsumerKeyField.js';
import { CertificateLifecycle } from './CertificateLifecycle.js';
import type { LifecycleNotes } from '../../shared/lifecycle.js';
import { CreateCertificateDialog, type CreatedForForm } from './CreateCertificateDialog.js';
import { EnvironmentNotes } from './EnvironmentNotes.js';
import { KeepTryingPanel } from './KeepTryingPanel.js';
import { SetupChecklist } from './SetupChecklist.js';
import { SetupFilesDialog, type SetupFilesSource } from './SetupFilesDialog.js';
import { stepsForError } from '../../shared/salesforce-setup.js';
import { downloadFile, whereDownloadsGo } from '../download.js';
import { ConnectionFieldset } from './ConnectionFieldset.js';
import { Field } from './Field.js';
import { FormActions, type Busy, type Outcome } from './FormActions.js';
import { FormMarks } from './FormMarks.js';
import { FormBanners, type RunError } from './FormBanners.js';
import { KeyFields } from './KeyFields.js';
import { KeyFileField } from './KeyFileField.js';
import { LoginFields as LoginFieldset } from './LoginFields.js';
import { TestResultCard } from './TestResultCard.js';
import { TokenPanel } from './TokenPanel.js';
import { useSessionProof } from './use-session-proof.js';

interface Props {
  connection: ConnectionView | undefined;
  onSaved: (saved: ConnectionView) => void;
  onCancel: () => void;
  onDirtyChange: (dirty: boolean) => void;
  /** Authorise / Test on a saved connection recorded a result: refresh the list. */
  onRecorded: () => void;
}


export function ConnectionForm({ connection, onSaved, onCancel, onDirtyChange, onRecorded }: Props) {
  const initial = useMemo(() => (connection ? formFromConnection(connection) : EMPTY_FORM), [connection]);
  const initialLogin = useMemo(() => loginFieldsOf(initial), [initial]);
  const [form, setForm] = useState<FormState>(initial);
  const [info, setInfo] = useState<KeyFileInfo>();
  const [inspectError, setInspectError] = useState<ErrorInfo>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [runError, setRunError] = useState<RunError>();
  const [busy, setBusy] = useState<Busy>(null);
  const [aliasProblem, setAliasProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [settingUp, setSettingUp] = useState(false);
  /** What the last Authorise / Test passing said, beside the buttons. */
  const [done, setDone] = useState<string>();
  /** Name what a login lacks on each field: a saved connection that lacks it, or after a Save or a run. */
  const [showMissing, setShowMissing] = useState(() => connection !== undefined && missingInForm(initial, connection).length > 0);
  /** Where focus goes once the answer is on screen (a new object each time, so the same target again moves it again). */
  const [focusTo, setFocusTo] = useState<{ to: 'field' | 'outcome' }>();
  const [lifecycleNotes, setLifecycleNotes] = useState<LifecycleNotes>();
  /** Keep trying runs (the action it repeats), and where the last run went (its answer's steps depend on it). */
  const [keepTrying, setKeepTrying] = useState<'authorise' | 'test'>();
  const [ranAt, setRanAt] = useState(form.environment);
  const [lastRun, setLastRun] = useState<'authorise' | 'test'>();
  /** Each run that is not a Keep trying starts a fresh panel (earlier attempts are forgotten). */
  const [plainRuns, setPlainRuns] = useState(0);
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const login = loginFieldsOf(form);
  const secretsProblem = connection?.secretsProblem; // its saved secrets cannot be read: the form says how to repair them
  const session = useSessionProof(connection, initialLogin, login, !secretsProblem);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => { if (dirty) { e.preventDefault(); e.returnValue = ''; } };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  useEffect(() => { firstField.current?.focus(); }, [connection?.id]);
  // After a press: the first invalid field (in the form's order), else the answer beside the buttons.
  useLayoutEffect(() => {
    if (!focusTo) return;
    const invalid = focusTo.to === 'field' ? formRef.current?.querySelector<HTMLElement>('.field.has-error :is(input, select, textarea)') : null;
    (invalid ?? outcomeRef.current)?.focus();
  }, [focusTo]);

  // A saved key file: show what it is, and list a keystore's aliases for the Certificate Name picker.
  // (Once per connection: `inspect` reads the form's current passwords, which must not re-trigger it.)
  useEffect(() => {
    if (connection?.secrets.keyMaterial === 'saved' && !secretsProblem) void inspect({ id: connection.id });
  }, [connection?.id, connection?.keyFile?.importedAt]); // again when a renewal or rotation replaced the key file

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
        ...(connection && !secretsProblem && { id: connection.id }), // unreadable saved secrets cannot help
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

  /** Change the Encryption Option; `keepFile` when the picked file is the kind the other option takes (the user need not pick it again). */
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
    const keyFile = file('privateKey')?.fileName;
    setNotice(`Created ${created.files.map((f) => f.fileName).join(', ')} in ${whereDownloadsGo()}. Upload ${file('certificate')!.fileName} to the Connected App ("Use digital signatures"), then Save.`
      + (passphrase || !keyFile ? '' : ` ${keyFile} is not encrypted: anyone who gets a copy can log in as this user. Move it where only you can read it (the connection keeps its own encrypted copy), or create it again with a Key passphrase.`));
  }

  /** The key whose certificate is wanted: the one just picked, else the saved one, with the typed passwords. */
  const certificateSource = () => ({
    ...(form.pickedKeyFile ? { keyFile: form.pickedKeyFile } : {}),
    ...(connection && !secretsProblem && { id: connection.id }), // unreadable saved secrets cannot help
    ...(form.keyStorePassword && { storePassword: form.keyStorePassword }),
    ...(form.passphrase && { passphrase: form.passphrase }),
    ...(form.certificateName && { alias: form.certificateName }),
  });

  /** The setup files name what the form shows, saved or not. */
  const setupSource = (): SetupFilesSource => ({
    ...certificateSource(),
    connection: { name: form.name.trim(), username: form.username.trim(), environment: form.environment, myDomainUrl: form.myDomainUrl.trim() },
  });

  async function downloadCertificate() {
    try {
      const cert = await call('exportCertificate', certificateSource());
      downloadFile(cert.fileName, { text: cert.pem }, 'application/x-x509-ca-cert');
    } catch (error) {
      const info = errorInfo(error);
      setRunError({ error: info, field: fieldOfError(info, form.environment), action: 'Download certificate' });
    }
  }

  /** After "not installed" at login/test: log in at the My Domain instead, and ask for its URL. */
  function switchToMyDomain() {
    set('environment', 'mydomain');
    setRunError(undefined);
    requestAnimationFrame(() => document.getElementById('myDomainUrl')?.focus());
  }

  /** Saved login fields unchanged: run the saved connection, so main records the result on it. */
  // With unreadable saved secrets, everything comes from the form.
  const runInput = () => (session.loginAsSaved && connection && !secretsProblem ? { id: connection.id }
    : { ...(connection && !secretsProblem && { id: connection.id }), draft: draftFromForm(form) });

  async function run(action: 'authorise' | 'test', keepTryingSeconds?: number) {
    if (busy) return;
    setNotice(undefined);
    setRunError(undefined);
    setDone(undefined);
    const unparsable = unparsableFields(form);
    setFieldErrors(unparsable);
    if (Object.keys(unparsable).length > 0) { setFocusTo({ to: 'field' }); return; }
    setBusy(action);
    setLastRun(action);
    setRanAt(form.environment);
    if (keepTryingSeconds) setKeepTrying(action);
    else setPlainRuns((n) => n + 1);
    const input = { ...runInput(), ...(keepTryingSeconds && { keepTrying: { seconds: keepTryingSeconds } }) };
    const ranFor = login;
    try {
      if (action === 'authorise') {
        const result = await call('authorise', input);
        session.succeeded({ authorise: result }, ranFor);
        setLifecycleNotes(result);
        if (result.audienceNote) setNotice(result.audienceNote);
        setDone(`Authorised: a new access token, issued in ${result.elapsedMs.toLocaleString('en')} ms.`);
      } else {
        const result = await call('testConnection', input);
        session.succeeded({ test: result }, ranFor);
        setDone(`Test Connection passed in ${result.totalMs.toLocaleString('en')} ms${result.newToken ? ', with a new access token' : ''}.`);
        setLifecycleNotes(result);
      }
    } catch (error) {
      const info = errorInfo(error);
      const missing = nothingSent(info);
      session.failed(action === 'authorise' ? 'Authorise' : 'Test Connection', ranFor, missing);
      setFieldErrors(fieldErrorsOf(info));
      if (missing) setShowMissing(true);
      setRunError({ error: info, field: fieldOfError(info, form.environment), action: action === 'authorise' ? 'Authorise' : 'Test Connection' });
      setFocusTo({ to: missing ? 'field' : 'outcome' });
    } finally {
      setBusy(null);
      setKeepTrying(undefined);
      if ('id' in input && !('draft' in input)) onRecorded();
    }
  }

  async function save() {
    if (busy) return;
    setNotice(undefined);
    setRunError(undefined);
    setDone(undefined);
    const problems = { ...unparsableFields(form), ...(!form.name.trim() && { name: 'Connection Name is required.' }) };
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) { setFocusTo({ to: 'field' }); return; }
    // An incomplete connection may be saved (the rest may come later), marked so here and in the list.
    setShowMissing(true);
    setBusy('save');
    try {
      const draft = draftFromForm(form);
      const result = connection ? await call('updateConnection', { id: connection.id, draft }) : await call('createConnection', draft);
      // Main keeps the token and results proven with exactly these fields; the next form shows them.
      rememberProof(result.id, session.forSave());
      onSaved(result);
    } catch (error) {
      const info = errorInfo(error);
      setFieldErrors(fieldErrorsOf(info));
      setRunError({ error: info, field: fieldOfError(info, form.environment), action: 'Save' });
      setFocusTo({ to: 'outcome' });
    } finally {
      setBusy(null);
    }
  }

  const jks = form.encryption === 'jks';
  const keyFileError = inspectError && (fieldOfError(inspectError, form.environment) === 'keyFile' ? inspectError : undefined);
  const inspectFieldError = inspectError && !keyFileError ? inspectError : undefined;
  const missing = missingInForm(form, connection);
  const keyMissing = keyMissingFrom(form, connection);
  const missingFieldErrors: FieldErrors = showMissing ? missingErrors(missing) : {};
  const errorFor = (field: FieldName): ErrorInfo | string | undefined => fieldErrors[field] ?? (runError?.field === field ? runError.error : undefined)
    ?? (inspectFieldError && fieldOfError(inspectFieldError, form.environment) === field ? inspectFieldError : undefined) ?? missingFieldErrors[field];
  /** The setup checklist highlights a step the last failure points at (in its track, for where that login went). */
  const checklistStep = stepsForError(form.setupTrack, runError?.error.code, ranAt).length > 0;
  const bannerError = runError && !['Authorise', 'Test Connection', 'Save'].includes(runError.action) ? runError : undefined;
  const outcome: Outcome | undefined = runError && !bannerError ? { kind: 'failed', ...runError } : done ? { kind: 'done', text: done } : undefined;
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
  // A file of the other option's kind: offer to switch rather than fail later.
  const wrongKind = info && form.pickedKeyFile ? (jks && plainKeyFile ? 'privateKey' : !jks && !plainKeyFile ? 'jks' : undefined) : undefined;

  function checkCertificateName() {
    const name = form.certificateName.trim();
    if (name && aliases.length > 0 && !aliases.some((a) => a.toLowerCase() === name.toLowerCase())) {
      setAliasProblem(`"${name}" is not a key in this keystore. Keys there are: ${aliases.join(', ')}.`);
    }
  }

  const title = connection ? `Edit Connection: ${escapeField(connection.name)}` : 'Add New Connection';

  return (
    <div className="form-with-help">
    <form ref={formRef} className="connection-form" aria-labelledby="form-title" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
      <div className="form-head">
        <h2 id="form-title" title={title}>{title}</h2>
        {dirty && <span className="dirty" aria-live="polite">Unsaved changes</span>}
      </div>
      <FormMarks missing={showMissing ? missing : []} keyMissing={keyMissing} jks={form.encryption === 'jks'} />

      <FormBanners runError={bannerError} notice={notice} connection={connection} secretsProblem={secretsProblem} jks={jks}
        checklistStep={checklistStep} />

      <ConnectionFieldset form={form} set={set} errorFor={errorFor} firstField={firstField} />

      <fieldset>
        <legend>Key</legend>
        <Field id="encryption" label="Encryption Option">
          <select id="encryption" value={form.encryption} onChange={(e) => switchEncryption(e.target.value as FormState['encryption'])}>
            {EncryptionOption.options.map((o) => <option key={o} value={o}>{ENCRYPTION_LABELS[o]}</option>)}
          </select>
        </Field>
        <ConsumerKeyField value={form.consumerKey} error={errorFor('consumerKey')} onChange={(v) => set('consumerKey', v)} onTaken={setNotice} />
        <KeyFileField encryption={form.encryption} pickedName={form.pickedKeyFile?.fileName}
          saved={connection?.encryption === form.encryption ? connection.keyFile : undefined}
          savedKeyReadable={connection?.secrets.keyMaterial === 'saved' && !secretsProblem}
          info={info} error={keyFileError ?? (runError?.field === 'keyFile' ? runError.error : undefined)}
          fieldError={fieldErrors.keyFile ?? missingFieldErrors.keyFile} aliases={jks ? aliases : []} entries={jks && !plainKeyFile ? privateEntries : []} certificate={chosenEntry?.certificate}
          chosenProblem={chosenEntry?.problem} chosenAlias={chosenEntry?.alias}
          wrongKind={wrongKind} onSwitch={() => { if (wrongKind) { switchEncryption(wrongKind, true); } }}
          onPick={(f) => void pick(f)} />
        <div className="field">
          <span />
          <div><button type="button" className="link" onClick={() => setCreating(true)}>Create key and certificate…</button> <span className="help">No key yet? Make one here.</span></div>
        </div>
        <CertificateLifecycle connection={connection} unsaved={dirty} notes={lifecycleNotes} onChanged={() => onRecorded()} onCreated={onSaved} />
        <KeyFields form={form} connection={connection} savedReadable={!secretsProblem} set={set} errorFor={errorFor} showPassphrase={Boolean(showPassphrase)}
          aliases={aliases} aliasProblem={aliasProblem} onCertificateNameBlur={checkCertificateName}
          onPasswordBlur={() => { if (form.pickedKeyFile || connection) void inspect(); }} />
      </fieldset>

      <LoginFieldset form={form} set={set} errorFor={errorFor} afterEnvironment={
        <EnvironmentNotes track={form.setupTrack} environment={form.environment} error={runError?.error} onUseMyDomain={switchToMyDomain} />
      } />

      <fieldset>
        <legend>Session</legend>
        <TokenPanel state={session.tokenState} getToken={session.currentToken}
          sfFacts={{ consumerKey: form.consumerKey.trim(), username: form.username.trim(), environment: form.environment, myDomainUrl: form.myDomainUrl.trim(),
            keyFileName: jks ? undefined : form.pickedKeyFile?.fileName ?? connection?.keyFile?.fileName }}
          onOpen={async () => {
            const input = runInput();
            try { return await call('openInSalesforce', input); } finally { if (!('draft' in input)) onRecorded(); } // a fresh login is recorded on it
          }} />
      </fieldset>

      {session.test && <TestResultCard result={session.test} />}
      {session.staleTest && <div className="token-note warn" role="status">The Test Connection result was dropped: {session.staleTest.join(', ')} changed since it ran.</div>}

      <FormActions busy={busy} outcome={outcome} outcomeRef={outcomeRef} checklistStep={checklistStep} onAuthorise={() => void run('authorise')} onTest={() => void run('test')} onCancel={onCancel} />

      <KeepTryingPanel key={plainRuns} error={runError?.error} running={keepTrying !== undefined} idle={busy === null}
        onStart={(seconds) => { if (lastRun) void run(lastRun, seconds); }} />
    </form>
    <SetupChecklist
      track={form.setupTrack}
      onTrackChange={(t) => set('setupTrack', t)}
      facts={{ certificateKnown: Boolean(certificateSubject), consumerKeyFilled: Boolean(form.consumerKey.trim()), environment: form.environment, myDomainUrlFilled: Boolean(form.myDomainUrl.trim()) }}
      username={form.username}
      certificateSubject={certificateSubject}
      errorCode={runError?.error.code}
      errorEnvironment={ranAt}
      authorised={session.accepted}
      onDownloadCertificate={() => void downloadCertificate()}
      onSetupFiles={() => setSettingUp(true)}
    />
    {settingUp && <SetupFilesDialog source={setupSource()} onClose={() => setSettingUp(false)} onDone={setNotice} />}
    {creating && <CreateCertificateDialog encryption={form.encryption} suggestedName={form.name} onClose={() => setCreating(false)} onCreated={(r) => void useCreated(r)} />}
    </div>
  );
}

