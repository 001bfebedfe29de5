// The Connected App checklist beside the form: what to set up in Salesforce, ticked where the form
// can tell, and the step a failed Authorise points at highlighted.
import type { ErrorCode } from '../../shared/errors.js';

export type StepId = 'app' | 'callback' | 'certificate' | 'scopes' | 'policy' | 'access' | 'consumerKey' | 'environment';

/** Which steps each Salesforce refusal points at. */
export const STEPS_FOR_ERROR: Partial<Record<ErrorCode, StepId[]>> = {
  USER_NOT_APPROVED: ['policy', 'access'],
  INVALID_CLIENT_ID: ['consumerKey', 'app'],
  INVALID_ASSERTION: ['certificate'],
  INVALID_CLIENT_CREDENTIALS: ['certificate'],
  APP_ACCESS_DENIED: ['access'],
  APP_NOT_INSTALLED: ['environment'],
  AUDIENCE_INVALID: ['environment'],
};

interface Props {
  username: string;
  consumerKeyFilled: boolean;
  environmentReady: boolean;
  certificateSubject: string | undefined;
  errorCode: ErrorCode | undefined;
  authorised: boolean;
  onDownloadCertificate: () => void;
  /** "Salesforce setup files…": the External Client App as a project to deploy. */
  onSetupFiles: () => void;
}

export function ConnectedAppChecklist(p: Props) {
  const flagged = new Set(p.errorCode ? STEPS_FOR_ERROR[p.errorCode] ?? [] : []);
  const steps: { id: StepId; title: string; body: React.ReactNode; done?: boolean }[] = [
    { id: 'app', title: 'Create the app', body: <>Setup → App Manager → <em>New Connected App</em>, and tick <em>Enable OAuth Settings</em>.</> },
    { id: 'callback', title: 'Callback URL', body: <>Any https URL, e.g. <code>https://login.salesforce.com/services/oauth2/success</code>. The JWT flow never uses it.</> },
    {
      id: 'certificate', title: 'Use digital signatures', done: Boolean(p.certificateSubject),
      body: p.certificateSubject
        ? <>Tick <em>Use digital signatures</em> and upload this certificate ({p.certificateSubject}). <button type="button" className="inline" onClick={p.onDownloadCertificate}>Download certificate</button>
          <button type="button" className="inline" onClick={p.onSetupFiles}>Salesforce setup files…</button></>
        : <>Tick <em>Use digital signatures</em> and upload the certificate made with this key. No certificate yet? Use <em>Create key and certificate</em>.</>,
    },
    { id: 'scopes', title: 'OAuth scopes', body: <>Add <em>Manage user data via APIs (api)</em> and <em>Perform requests at any time (refresh_token, offline_access)</em>; for <em>Open in Salesforce</em>, also <em>Access content resources over the web (web)</em>.</> },
    { id: 'policy', title: 'Pre-authorize users', body: <>Manage → Edit Policies → Permitted Users: <em>Admin approved users are pre-authorized</em>.</> },
    { id: 'access', title: 'Give the user access', body: <>Manage → Profiles or Permission Sets: add the one {p.username ? <strong>{p.username}</strong> : 'the user'} has.</> },
    { id: 'consumerKey', title: 'Copy the Consumer Key', done: p.consumerKeyFilled, body: <>Manage Consumer Details → copy the <em>Consumer Key</em> into this form. A new app can take up to 10 minutes to work.</> },
    { id: 'environment', title: 'Pick the environment', done: p.environmentReady, body: <>Sandbox for sandboxes, Production for production and Developer Edition; External Client Apps need the org's <em>My Domain</em> URL.</> },
  ];
  return (
    <aside className="checklist" aria-labelledby="checklist-title">
      <h3 id="checklist-title">Connected App checklist</h3>
      {p.authorised && <p className="all-set">✓ Salesforce accepted this connection.</p>}
      <ol>
        {steps.map((s) => {
          const state = flagged.has(s.id) ? 'flagged' : p.authorised || s.done ? 'done' : 'todo';
          return (
            <li key={s.id} className={`step ${state}`} data-step={s.id} aria-current={state === 'flagged' ? 'step' : undefined}>
              <span className="mark" aria-hidden="true">{state === 'flagged' ? '!' : state === 'done' ? '✓' : ''}</span>
              <div>
                <div className="step-title">{s.title}{state === 'flagged' && <span className="flag"> — check this: the last attempt failed here</span>}</div>
                <div className="step-body">{s.body}</div>
              </div>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
