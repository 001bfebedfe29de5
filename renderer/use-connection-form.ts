// The connection form's state as one reducer (connection-form-reducer.ts), and the calls to main
// that feed it: inspecting a key file, Authorise, Test Connection, Save, the certificate download.
// The component keeps only what is about the page itself (focus, the leave-page warning).
import { useEffect, useEffectEvent, useMemo, useReducer } from 'react';
import type { ConnectionView, PickedKeyFile } from '../shared/connection.js';
import { call, errorInfo } from './api-client.js';
import type { CreatedForForm } from './components/CreateCertificateDialog.js';
import type { SetupFilesSource } from './components/SetupFilesDialog.js';
import { useSessionProof } from './components/use-session-proof.js';
import { connectionFormReducer, initialModel, refusedFields, type RunAction } from './connection-form-reducer.js';
import { connectionFormView } from './connection-form-view.js';
import { downloadFile, whereDownloadsGo } from './download.js';
import {
  draftFromForm,
  fieldOfError,
  formFromConnection,
  EMPTY_FORM,
  nothingSent,
  readPickedFile,
  type FormState,
} from './form-state.js';
import { loginFieldsOf, type SavedProof } from './login-proof.js';

interface InspectOverrides {
  keyFile?: PickedKeyFile | undefined;
  storePassword?: string;
  passphrase?: string;
}

/**
 * `savedProof`: what the Save that opened this form had just proven (the token's facts, the test
 * result), handed over by the app so it stays shown on the saved connection.
 */
export function useConnectionForm(
  connection: ConnectionView | undefined,
  savedProof: SavedProof | undefined,
  handlers: {
    onSaved: (saved: ConnectionView, proof?: SavedProof) => void;
    /** Authorise / Test on a saved connection recorded a result: refresh the list. */
    onRecorded: () => void;
  },
) {
  const [model, dispatch] = useReducer(connectionFormReducer, connection, initialModel);
  const { form, busy } = model;
  const initial = useMemo(() => (connection ? formFromConnection(connection) : EMPTY_FORM), [connection]);
  const initialLogin = useMemo(() => loginFieldsOf(initial), [initial]);
  const login = loginFieldsOf(form);
  const secretsProblem = connection?.secretsProblem; // its saved secrets cannot be read: the form says how to repair them
  const readableId = connection && !secretsProblem ? { id: connection.id } : {}; // unreadable saved secrets cannot help
  const session = useSessionProof(connection, savedProof, initialLogin, login, !secretsProblem);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);

  async function inspect(overrides: InspectOverrides = {}) {
    const keyFile = overrides.keyFile ?? form.pickedKeyFile;
    // Without a new file, the saved one is inspected, but only while it still fits the Encryption Option.
    if (!keyFile && (!connection || connection.encryption !== form.encryption)) return;
    try {
      const info = await call('inspectKeyFile', {
        ...(keyFile ? { keyFile } : {}),
        ...readableId,
        storePassword: overrides.storePassword ?? (form.keyStorePassword || undefined),
        passphrase: overrides.passphrase ?? (form.passphrase || undefined),
      });
      dispatch({ type: 'inspected', info });
    } catch (error) {
      dispatch({ type: 'inspectFailed', error: errorInfo(error) });
    }
  }

  // A saved key file: show what it is, and list a keystore's aliases for the Certificate Name picker;
  // again when a renewal or rotation replaced it. The typed passwords are read, not watched.
  const inspectSavedKey = useEffectEvent(() => {
    if (connection?.secrets.keyMaterial === 'saved' && !secretsProblem) void inspect();
  });
  useEffect(() => inspectSavedKey(), [connection?.id, connection?.keyFile?.importedAt]);

  /** The key whose certificate is wanted: the one just picked, else the saved one, with the typed passwords. */
  const certificateSource = () => ({
    ...(form.pickedKeyFile ? { keyFile: form.pickedKeyFile } : {}),
    ...readableId,
    ...(form.keyStorePassword && { storePassword: form.keyStorePassword }),
    ...(form.passphrase && { passphrase: form.passphrase }),
    ...(form.certificateName && { alias: form.certificateName }),
  });

  /** Saved login fields unchanged: run the saved connection, so main records the result on it. */
  // With unreadable saved secrets, everything comes from the form.
  const runInput = () =>
    session.loginAsSaved && connection && !secretsProblem
      ? { id: connection.id }
      : { ...readableId, draft: draftFromForm(form) };

  async function run(action: RunAction, keepTryingSeconds?: number) {
    if (busy) return;
    dispatch({ type: 'pressed', press: action, keepTrying: Boolean(keepTryingSeconds) });
    if (Object.keys(refusedFields(form, action)).length > 0) return;
    const input = { ...runInput(), ...(keepTryingSeconds && { keepTrying: { seconds: keepTryingSeconds } }) };
    const ranFor = login;
    try {
      if (action === 'authorise') {
        const result = await call('authorise', input);
        session.succeeded({ authorise: result }, ranFor);
        dispatch({ type: 'authorised', result });
      } else {
        const result = await call('testConnection', input);
        session.succeeded({ test: result }, ranFor);
        dispatch({ type: 'tested', result });
      }
    } catch (e) {
      const error = errorInfo(e);
      session.failed(action === 'authorise' ? 'Authorise' : 'Test Connection', ranFor, nothingSent(error));
      dispatch({ type: 'failed', press: action, error, environment: form.environment });
    } finally {
      dispatch({ type: 'settled' });
      if ('id' in input && !('draft' in input)) handlers.onRecorded();
    }
  }

  async function save() {
    if (busy) return;
    dispatch({ type: 'pressed', press: 'save' });
    if (Object.keys(refusedFields(form, 'save')).length > 0) return;
    try {
      const draft = draftFromForm(form);
      const result = connection
        ? await call('updateConnection', { id: connection.id, draft })
        : await call('createConnection', draft);
      // Main keeps the token and results proven with exactly these fields; the next form shows them.
      handlers.onSaved(result, session.forSave());
    } catch (e) {
      dispatch({ type: 'failed', press: 'save', error: errorInfo(e), environment: form.environment });
    } finally {
      dispatch({ type: 'settled' });
    }
  }

  return {
    model,
    dispatch,
    dirty,
    session,
    secretsProblem,
    run,
    save,
    runInput,
    view: connectionFormView(model, connection),
    set<K extends keyof FormState>(key: K, value: FormState[K]) {
      dispatch({ type: 'edit', key, value });
    },
    /** The typed passwords changed: read the key file again with them. */
    reinspect() {
      if (form.pickedKeyFile || connection) void inspect();
    },
    async pick(file: File) {
      const picked = await readPickedFile(file);
      dispatch({ type: 'picked', file: picked });
      await inspect({ keyFile: picked });
    },
    /** Fill the form with a key made by "Create key and certificate". */
    async fillFromCreated({ created, passphrase, pkcs12Password }: CreatedForForm) {
      const file = (kind: string) => created.files.find((f) => f.kind === kind);
      const pkcs12 = file('pkcs12');
      if (form.encryption === 'jks' && pkcs12 && pkcs12Password) {
        const picked = { fileName: pkcs12.fileName, base64: pkcs12.base64 };
        dispatch({
          type: 'filled',
          fields: {
            pickedKeyFile: picked,
            keyStorePassword: pkcs12Password,
            keyPassword: '',
            certificateName: created.alias,
          },
        });
        await inspect({ keyFile: picked, storePassword: pkcs12Password });
      } else {
        // The key is imported together with its certificate, so the saved connection knows the
        // certificate (expiry, checklist) although the .key file written for the user holds the key alone.
        const key = atob(file('privateKey')!.base64);
        const cert = atob(file('certificate')!.base64);
        const picked = { fileName: file('privateKey')!.fileName, base64: btoa(key + cert) };
        dispatch({ type: 'filled', fields: { pickedKeyFile: picked, passphrase: passphrase ?? '' } });
        await inspect({ keyFile: picked, ...(passphrase && { passphrase }) });
      }
      const keyFile = file('privateKey')?.fileName;
      dispatch({
        type: 'notice',
        text:
          `Created ${created.files.map((f) => f.fileName).join(', ')} in ${whereDownloadsGo()}. Upload ${file('certificate')!.fileName} to the Connected App ("Use digital signatures"), then Save.` +
          (passphrase || !keyFile
            ? ''
            : ` ${keyFile} is not encrypted: anyone who gets a copy can log in as this user. Move it where only you can read it (the connection keeps its own encrypted copy), or create it again with a Key passphrase.`),
      });
    },
    async downloadCertificate() {
      try {
        const cert = await call('exportCertificate', certificateSource());
        downloadFile(cert.fileName, { text: cert.pem }, 'application/x-x509-ca-cert');
      } catch (e) {
        const error = errorInfo(e);
        dispatch({
          type: 'sideFailed',
          runError: { error, field: fieldOfError(error, form.environment), action: 'Download certificate' },
        });
      }
    },
    /** The setup files name what the form shows, saved or not. */
    setupSource: (): SetupFilesSource => ({
      ...certificateSource(),
      connection: {
        name: form.name.trim(),
        username: form.username.trim(),
        environment: form.environment,
        myDomainUrl: form.myDomainUrl.trim(),
      },
    }),
  };
}
