// Under the Environment field: with an External Client App and login at login/test.salesforce.com,
// a note that such apps answer at the org's My Domain (a note, not a block: some orgs still work
// there); and after "External client app is not installed in this org" at login/test, the offer to
// switch to My Domain, which then asks for the URL.
import type { ErrorInfo } from '../../shared/errors.js';
import { ECA_MY_DOMAIN_NOTE, type SetupTrack } from '../../shared/salesforce-setup.js';
import type { Environment } from '../../shared/salesforce.js';

interface Props {
  track: SetupTrack;
  environment: Environment;
  /** The last answer of Authorise / Test Connection, if it failed. */
  error: ErrorInfo | undefined;
  onUseMyDomain: () => void;
}

export function EnvironmentNotes({ track, environment, error, onUseMyDomain }: Props) {
  if (environment === 'mydomain') return null;
  const notInstalled = error?.code === 'APP_NOT_INSTALLED';
  if (!notInstalled && track !== 'eca') return null;
  return (
    <div className="field environment-notes">
      <span />
      <div>
        {notInstalled ? (
          <div className="offer" role="group" aria-label="Use My Domain">
            External Client Apps answer at the org's My Domain.{' '}
            <button type="button" onClick={onUseMyDomain}>
              Switch to My Domain
            </button>{' '}
            <span className="help">then enter the org's My Domain URL (Setup → My Domain).</span>
          </div>
        ) : (
          <div className="note" role="note">
            {ECA_MY_DOMAIN_NOTE}
          </div>
        )}
      </div>
    </div>
  );
}
