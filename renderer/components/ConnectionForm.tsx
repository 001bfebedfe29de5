// The "Add New Connection" form, in the style of Provar's connection screen. Its state and the
// calls to main live in useConnectionForm; this file lays the fields out.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { ENCRYPTION_LABELS, EncryptionOption, type ConnectionView } from '../../shared/connection.js';
import { escapeField } from '../../shared/safe-text.js';
import { call } from '../api-client.js';
import { aliasProblemOf } from '../connection-form-view.js';
import type { FormState } from '../form-state.js';
import type { SavedProof } from '../login-proof.js';
import { useConnectionForm } from '../use-connection-form.js';
import { CertificateLifecycle } from './CertificateLifecycle.js';
import { ConnectionFieldset } from './ConnectionFieldset.js';
import { ConsumerKeyField } from './ConsumerKeyField.js';
import { CreateCertificateDialog } from './CreateCertificateDialog.js';
import { EnvironmentNotes } from './EnvironmentNotes.js';
import { Field } from './Field.js';
import { FormActions } from './FormActions.js';
import { FormBanners } from './FormBanners.js';
import { FormMarks } from './FormMarks.js';
import { KeepTryingPanel } from './KeepTryingPanel.js';
import { KeyFields } from './KeyFields.js';
import { KeyFileField } from './KeyFileField.js';
import { LoginFields as LoginFieldset } from './LoginFields.js';
import { SetupChecklist } from './SetupChecklist.js';
import { SetupFilesDialog } from './SetupFilesDialog.js';
import { TestResultCard } from './TestResultCard.js';
import { TokenPanel } from './TokenPanel.js';

interface Props {
  connection: ConnectionView | undefined;
  /** What the Save that opened this form had just proven, kept shown on the saved connection. */
  savedProof?: SavedProof | undefined;
  onSaved: (saved: ConnectionView, proof?: SavedProof) => void;
  onCancel: () => void;
  onDirtyChange: (dirty: boolean) => void;
  /** Authorise / Test on a saved connection recorded a result: refresh the list. */
  onRecorded: () => void;
}

export function ConnectionForm({ connection, savedProof, onSaved, onCancel, onDirtyChange, onRecorded }: Props) {
  const f = useConnectionForm(connection, savedProof, { onSaved, onRecorded });
  const { model, view, dispatch, dirty, session, secretsProblem, set } = f;
  const { form, info, runError, focusTo } = model;
  const { jks, aliases, chosenEntry, privateEntries, plainKeyFile, wrongKind, errorFor } = view;
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  useEffect(() => {
    firstField.current?.focus();
  }, [connection?.id]);
  // After a press: the first invalid field (in the form's order), else the answer beside the buttons.
  useLayoutEffect(() => {
    if (!focusTo) return;
    const invalid =
      focusTo.to === 'field'
        ? formRef.current?.querySelector<HTMLElement>('.field.has-error :is(input, select, textarea)')
        : null;
    (invalid ?? outcomeRef.current)?.focus();
  }, [focusTo]);

  /** After "not installed" at login/test: log in at the My Domain instead, and ask for its URL. */
  function switchToMyDomain() {
    dispatch({ type: 'useMyDomain' });
    requestAnimationFrame(() => document.getElementById('myDomainUrl')?.focus());
  }

  const switchEncryption = (encryption: FormState['encryption'], keepFile = false) =>
    dispatch({ type: 'switchEncryption', encryption, keepFile });
  const setNotice = (text: string | undefined) => dispatch({ type: 'notice', text });
  const closeDialog = () => dispatch({ type: 'dialog', dialog: undefined });
  const checkCertificateName = () => {
    const problem = aliasProblemOf(form.certificateName, aliases);
    if (problem) dispatch({ type: 'aliasProblem', text: problem });
  };

  const title = connection ? `Edit Connection: ${escapeField(connection.name)}` : 'Add New Connection';

  return (
    <div className="form-with-help">
      <form
        ref={formRef}
        className="connection-form"
        aria-labelledby="form-title"
        onSubmit={(e) => {
          e.preventDefault();
          void f.save();
        }}
        noValidate
      >
        <div className="form-head">
          <h2 id="form-title" title={title}>
            {title}
          </h2>
          {dirty && (
            <span className="dirty" aria-live="polite">
              Unsaved changes
            </span>
          )}
        </div>
        <FormMarks missing={model.showMissing ? view.missing : []} keyMissing={view.keyMissing} jks={jks} />

        <FormBanners
          runError={view.bannerError}
          notice={model.notice}
          connection={connection}
          secretsProblem={secretsProblem}
          jks={jks}
          checklistStep={view.checklistStep}
        />

        <ConnectionFieldset form={form} set={set} errorFor={errorFor} firstField={firstField} />

        <fieldset>
          <legend>Key</legend>
          <Field id="encryption" label="Encryption Option">
            <select
              id="encryption"
              value={form.encryption}
              onChange={(e) => switchEncryption(e.target.value as FormState['encryption'])}
            >
              {EncryptionOption.options.map((o) => (
                <option key={o} value={o}>
                  {ENCRYPTION_LABELS[o]}
                </option>
              ))}
            </select>
          </Field>
          <ConsumerKeyField
            value={form.consumerKey}
            error={errorFor('consumerKey')}
            onChange={(v) => set('consumerKey', v)}
            onTaken={setNotice}
          />
          <KeyFileField
            encryption={form.encryption}
            pickedName={form.pickedKeyFile?.fileName}
            saved={connection?.encryption === form.encryption ? connection.keyFile : undefined}
            savedKeyReadable={connection?.secrets.keyMaterial === 'saved' && !secretsProblem}
            info={info}
            error={view.keyFileError ?? (runError?.field === 'keyFile' ? runError.error : undefined)}
            fieldError={model.fieldErrors.keyFile ?? view.missingFieldErrors.keyFile}
            aliases={jks ? aliases : []}
            entries={jks && !plainKeyFile ? privateEntries : []}
            certificate={chosenEntry?.certificate}
            chosenProblem={chosenEntry?.problem}
            chosenAlias={chosenEntry?.alias}
            wrongKind={wrongKind}
            onSwitch={() => {
              if (wrongKind) {
                switchEncryption(wrongKind, true);
              }
            }}
            onPick={(file) => void f.pick(file)}
          />
          <div className="field">
            <span />
            <div>
              <button
                type="button"
                className="link"
                onClick={() => dispatch({ type: 'dialog', dialog: 'createCertificate' })}
              >
                Create key and certificate…
              </button>{' '}
              <span className="help">No key yet? Make one here.</span>
            </div>
          </div>
          <CertificateLifecycle
            connection={connection}
            unsaved={dirty}
            notes={model.lifecycleNotes}
            onChanged={() => onRecorded()}
            onCreated={onSaved}
          />
          <KeyFields
            form={form}
            connection={connection}
            savedReadable={!secretsProblem}
            set={set}
            errorFor={errorFor}
            showPassphrase={view.showPassphrase}
            aliases={aliases}
            aliasProblem={model.aliasProblem}
            onCertificateNameBlur={checkCertificateName}
            onPasswordBlur={f.reinspect}
          />
        </fieldset>

        <LoginFieldset
          form={form}
          set={set}
          errorFor={errorFor}
          afterEnvironment={
            <EnvironmentNotes
              track={form.setupTrack}
              environment={form.environment}
              error={runError?.error}
              onUseMyDomain={switchToMyDomain}
            />
          }
        />

        <fieldset>
          <legend>Session</legend>
          <TokenPanel
            state={session.tokenState}
            getToken={session.currentToken}
            sfFacts={{
              consumerKey: form.consumerKey.trim(),
              username: form.username.trim(),
              environment: form.environment,
              myDomainUrl: form.myDomainUrl.trim(),
              keyFileName: jks ? undefined : (form.pickedKeyFile?.fileName ?? connection?.keyFile?.fileName),
            }}
            onOpen={async () => {
              const input = f.runInput();
              try {
                return await call('openInSalesforce', input);
              } finally {
                if (!('draft' in input)) onRecorded();
              } // a fresh login is recorded on it
            }}
          />
        </fieldset>

        {session.test && <TestResultCard result={session.test} />}
        {session.staleTest && (
          <div className="token-note warn" role="status">
            The Test Connection result was dropped: {session.staleTest.join(', ')} changed since it ran.
          </div>
        )}

        <FormActions
          busy={model.busy}
          outcome={view.outcome}
          outcomeRef={outcomeRef}
          checklistStep={view.checklistStep}
          onAuthorise={() => void f.run('authorise')}
          onTest={() => void f.run('test')}
          onCancel={onCancel}
        />

        <KeepTryingPanel
          key={model.plainRuns}
          error={runError?.error}
          running={model.keepTrying !== undefined}
          idle={model.busy === null}
          onStart={(seconds) => {
            if (model.lastRun) void f.run(model.lastRun, seconds);
          }}
        />
      </form>
      <SetupChecklist
        track={form.setupTrack}
        onTrackChange={(t) => set('setupTrack', t)}
        facts={{
          certificateKnown: Boolean(view.certificateSubject),
          consumerKeyFilled: Boolean(form.consumerKey.trim()),
          environment: form.environment,
          myDomainUrlFilled: Boolean(form.myDomainUrl.trim()),
        }}
        username={form.username}
        certificateSubject={view.certificateSubject}
        errorCode={runError?.error.code}
        errorEnvironment={model.ranAt}
        authorised={session.accepted}
        onDownloadCertificate={() => void f.downloadCertificate()}
        onSetupFiles={() => dispatch({ type: 'dialog', dialog: 'setupFiles' })}
      />
      {model.dialog === 'setupFiles' && (
        <SetupFilesDialog source={f.setupSource()} onClose={closeDialog} onDone={setNotice} />
      )}
      {model.dialog === 'createCertificate' && (
        <CreateCertificateDialog
          encryption={form.encryption}
          suggestedName={form.name}
          onClose={closeDialog}
          onCreated={(r) => void f.fillFromCreated(r)}
        />
      )}
    </div>
  );
}
