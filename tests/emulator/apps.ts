// The emulator's apps: Connected Apps and External Client Apps, and the answers an app gives before
// the assertion itself is checked (FACTS.md, "External Client Apps"): not there yet while Salesforce
// spreads a new app, not at the shared login hosts for an ECA, not for a user its policies leave out.

export interface EmulatorApp {
  consumerKey: string;
  /** The certificate uploaded to the Connected App ("Use digital signatures"), PEM. */
  certificatePem: string;
  /** False: an External Client App not installed in this org. */
  installed?: boolean;
  /**
   * 'eca': an External Client App. It answers app_not_found when reached as login.salesforce.com or
   * test.salesforce.com or asked for either as audience (it lives at the org's My Domain), and
   * invalid_app_access for a user outside `preAuthorized`.
   */
  kind?: 'connectedApp' | 'eca';
  /** ECA: the users its App Policies pre-authorize (through a permission set). Absent: every known user. */
  preAuthorized?: string[];
  /** A new or changed app Salesforce is still spreading: `answer` until `delayMs` after it was added (addApp, or start). */
  propagation?: { delayMs: number; answer: 'app_not_found' | 'invalid_client_id' };
}

/** Where an External Client App is not: the shared login hosts. */
const LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);
const NOT_INSTALLED: [string, string] = ['app_not_found', 'External client app is not installed in this org'];

export class AppDesk {
  /** When each app was added, for its propagation delay. */
  private readonly addedAt = new WeakMap<EmulatorApp, number>();

  added(app: EmulatorApp): void {
    this.addedAt.set(app, Date.now());
  }

  /** `[error, error_description]` when the app answers before the assertion is checked, for a request to `hostHeader` with this audience. */
  answer(app: EmulatorApp, hostHeader: string, audience: string | undefined): [string, string] | undefined {
    if (!this.addedAt.has(app)) this.added(app); // pushed into options.apps directly: from its first use
    const propagation = app.propagation;
    if (propagation && Date.now() - (this.addedAt.get(app) as number) < propagation.delayMs) {
      return propagation.answer === 'app_not_found'
        ? NOT_INSTALLED
        : ['invalid_client_id', 'client identifier invalid'];
    }
    if (app.installed === false) return NOT_INSTALLED;
    if (app.kind === 'eca') {
      const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
      let audienceHost = '';
      try {
        audienceHost = new URL(audience ?? '').hostname.toLowerCase();
      } catch {
        /* no audience: refused later as invalid */
      }
      if (LOGIN_HOSTS.has(host) || LOGIN_HOSTS.has(audienceHost)) return NOT_INSTALLED;
    }
    return undefined;
  }
}

/** An ECA's App Policies let this user in (a Connected App's pre-authorization is the user's `approved`). */
export function preAuthorizes(app: EmulatorApp, username: string): boolean {
  if (app.kind !== 'eca' || !app.preAuthorized) return true;
  return app.preAuthorized.some((u) => u.toLowerCase() === username.toLowerCase());
}
