// The emulator's Open in Salesforce part: POST /services/oauth2/singleaccess (token in the form body
// or as Bearer, optional relative redirect_uri; refused without the web/full scope) answers
// {"frontdoor_uri"}, a link that signs a browser in once: a second visit is refused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { json, readBody } from './http-util.js';
import type { EmulatorFault, EmulatorUser } from './salesforce-emulator.js';

export interface FrontdoorDeps {
  userFor(token: string): EmulatorUser | undefined;
  baseUrl(): string;
  fault(): EmulatorFault | undefined;
}

export class FrontdoorDesk {
  constructor(private readonly deps: FrontdoorDeps) {}

  /** Frontdoor URLs handed out by single access: one-time password → user and start path. */
  readonly frontdoors = new Map<string, { user: EmulatorUser; startPath: string; used: boolean }>();
  /** The frontdoor URLs a browser opened, in order (e2e tests observe what was opened). */
  readonly visits: { otp: string; accepted: boolean }[] = [];

  /** POST /services/oauth2/singleaccess: access_token (form) or Bearer → {"frontdoor_uri"}. */
  async singleAccess(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const token =
      form.get('access_token') ??
      ((req.headers.authorization ?? '').startsWith('Bearer ') ? (req.headers.authorization ?? '').slice(7) : '');
    const user = this.deps.userFor(token);
    if (!user) return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const scopes = (user.scope ?? 'api web').split(/\s+/);
    if (!scopes.includes('web') && !scopes.includes('full')) {
      return json(res, 403, {
        error: 'insufficient_scope',
        error_description: 'The access token does not have the scope needed to access content resources over the web',
      });
    }
    const redirect = form.get('redirect_uri') ?? '';
    if (redirect && (!redirect.startsWith('/') || redirect.startsWith('//'))) {
      return json(res, 400, { error: 'invalid_request', error_description: 'redirect_uri must be a relative URL' });
    }
    const otp = randomBytes(24).toString('base64url');
    this.frontdoors.set(otp, { user, startPath: redirect || '/lightning/page/home', used: false });
    json(res, 200, {
      frontdoor_uri: this.deps.fault()?.frontdoorUri ?? `${this.deps.baseUrl()}/secur/frontdoor.jsp?otp=${otp}`,
    });
  }

  /** GET /secur/frontdoor.jsp?otp=…: signs the browser in once; a second use is refused. */
  frontdoor(res: ServerResponse, url: URL): void {
    const otp = url.searchParams.get('otp') ?? '';
    const entry = this.frontdoors.get(otp);
    const accepted = !!entry && !entry.used;
    this.visits.push({ otp, accepted });
    if (!entry || entry.used) {
      res.writeHead(400, { 'Content-Type': 'text/html' });
      res.end(
        '<html><head><title>Link expired</title></head><body>This single-use link has already been used or is invalid.</body></html>',
      );
      return;
    }
    entry.used = true;
    res.writeHead(302, {
      Location: entry.startPath,
      'Set-Cookie': `sid=${randomBytes(16).toString('hex')}; Path=/; HttpOnly`,
    });
    res.end();
  }
}
