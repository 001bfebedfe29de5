// A local stand-in for Salesforce's OAuth token endpoint and the few REST endpoints Test Connection
// uses. It checks JWT bearer assertions the way Salesforce does (RS256 signature against the
// Connected App's certificate, iss, sub, aud, exp) and answers with Salesforce's own error strings.
// Used by the unit/integration tests, the e2e tests, `npm run bench` and `npm run demo`.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { randomBytes, verify, X509Certificate } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { AppDesk, preAuthorizes, type EmulatorApp } from './apps.js';
import { FrontdoorDesk } from './frontdoor.js';
import { b64url, json, readBody } from './http-util.js';

export type { EmulatorApp } from './apps.js';

export interface EmulatorUser {
  username: string;
  approved?: boolean; // pre-authorized through profile / permission set
  active?: boolean;
  ipAllowed?: boolean;
  appAccess?: boolean; // API Access Control
  displayName?: string;
  email?: string;
  /** The scopes its tokens carry (the Connected App's OAuth scopes). Default "api web". */
  scope?: string;
}

export interface EmulatorFault {
  delayMs?: number;
  status?: 500 | 503;
  reset?: boolean;
  html?: boolean;
  /** Answer with a redirect to a sign-in web page, as an SSO proxy does. */
  redirect?: boolean;
  /** Answer with this status and Location, e.g. a 307 to http://evil.example/… (the request is not followed here). */
  redirectTo?: string;
  redirectStatus?: 301 | 302 | 303 | 307 | 308;
  /** Fields merged into a successful token answer, e.g. { instance_url: 'http://evil.example' }. */
  tokenAnswer?: Record<string, unknown>;
  /** Identity answers 200 with an empty object. */
  emptyIdentity?: boolean;
  /** The Organization query answers 200 with an empty object. */
  emptyOrg?: boolean;
  /** Single access answers with this frontdoor_uri instead of its own. */
  frontdoorUri?: string;
  /** Only requests whose path starts with this are affected (default: all). */
  pathPrefix?: string;
}

export interface EmulatorOptions {
  apps: EmulatorApp[];
  users: EmulatorUser[];
  /** Accepted audiences. Default: this emulator's own base URL (it plays a My Domain). */
  audiences?: string[];
  org?: { name?: string; type?: string; isSandbox?: boolean; instanceName?: string };
  port?: number;
  host?: string;
  /** Serve over TLS with this certificate (e.g. from test-ca.ts). */
  tls?: { certPem: string; keyPem: string };
  /** The host name in the URLs it hands out (instance_url, id), when it differs from `host`:
   *  a name that exists only behind the test proxy. */
  publicHost?: string;
  /** The URL it hands out as instance_url and in ids (default: its own base URL), e.g. a My Domain
   *  that reaches it only through the test proxy. */
  instanceUrl?: string;
  /** The org id it answers with (default 00D5g000000EMUL8); `emulator.orgId` changes it at runtime, as a sandbox refresh does. */
  orgId?: string;
}

export interface TokenRequestRecord {
  audience?: string;
  issuer?: string;
  subject?: string;
  outcome: string;
}

export const EMULATOR_ORG_ID = '00D5g000000EMUL8';

export class SalesforceEmulator {
  readonly tokenRequests: TokenRequestRecord[] = [];
  /** Every request as it arrived: what reached this server, and whether it carried a Bearer token. */
  readonly requestLog: { method: string; path: string; bearer: boolean }[] = [];
  apiRemaining = 15000;
  /** The org id in token and identity answers: set another to play a refreshed sandbox. */
  orgId: string;
  fault: EmulatorFault | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly tokens = new Map<string, EmulatorUser>();
  /** Open in Salesforce: single access and the single-use frontdoor links. */
  readonly frontdoorDesk = new FrontdoorDesk({
    userFor: (token) => this.tokens.get(token),
    baseUrl: () => this.baseUrl,
    fault: () => this.fault,
  });
  private baseUrl = '';
  /** The apps' own answers: not there yet, not at this host, not for this user. */
  private readonly appDesk = new AppDesk();

  constructor(readonly options: EmulatorOptions) {
    this.orgId = options.orgId ?? EMULATOR_ORG_ID;
  }

  /** "Upload Files" on the app: from now on its logins are checked against this certificate. */
  uploadCertificate(consumerKey: string, certificatePem: string): void {
    const app = this.options.apps.find((a) => a.consumerKey === consumerKey);
    if (!app) throw new Error(`The emulator has no app ${consumerKey}`);
    new X509Certificate(certificatePem); // a certificate Salesforce would refuse to upload throws here
    app.certificatePem = certificatePem;
  }

  /** Token requests by outcome since the start ('ok', or Salesforce's words for a refusal). */
  outcomes(): string[] {
    return this.tokenRequests.map((r) => r.outcome);
  }

  get url(): string {
    return this.baseUrl;
  }

  /** The port it listens on (behind a test proxy, its URL names another host and port). */
  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  async start(): Promise<string> {
    const listener: RequestListener = (req, res) => {
      this.handle(req, res).catch((error: unknown) =>
        json(res, 500, [{ message: String(error), errorCode: 'UNKNOWN_EXCEPTION' }]),
      );
    };
    const tls = this.options.tls;
    this.server = tls ? createTlsServer({ cert: tls.certPem, key: tls.keyPem }, listener) : createServer(listener);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) =>
      this.server?.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl =
      this.options.instanceUrl ??
      `${tls ? 'https' : 'http'}://${this.options.publicHost ?? this.options.host ?? '127.0.0.1'}:${port}`;
    for (const app of this.options.apps) this.appDesk.added(app);
    return this.baseUrl;
  }

  /** A new app in this org, as after creating or deploying it: its propagation delay starts now. */
  addApp(app: EmulatorApp): void {
    this.appDesk.added(app);
    this.options.apps.push(app);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Invalidate every issued token, as when a session expires or is revoked. */
  revokeAllTokens(): void {
    this.tokens.clear();
  }

  private user(username: string | undefined): EmulatorUser | undefined {
    return this.options.users.find((u) => u.username.toLowerCase() === (username ?? '').toLowerCase());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    this.requestLog.push({
      method: req.method ?? '',
      path: url.pathname,
      bearer: /^Bearer /.test(req.headers.authorization ?? ''),
    });
    const fault = this.fault;
    if (fault && (!fault.pathPrefix || url.pathname.startsWith(fault.pathPrefix))) {
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      if (fault.redirect || fault.redirectTo) {
        res.writeHead(fault.redirectStatus ?? 302, { Location: fault.redirectTo ?? '/sso-login' });
        res.end();
        return;
      }
      if (fault.html) {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(
          '<!DOCTYPE html><html><head><title>Network Login Required</title></head><body>Please sign in to the guest network.</body></html>',
        );
        return;
      }
      if (fault.status) {
        res.writeHead(fault.status, { 'Content-Type': 'text/html' });
        res.end('<html><body>Service Unavailable</body></html>');
        return;
      }
    }
    if (url.pathname === '/sso-login') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><head><title>Corporate Sign-In</title></head><body>Sign in to continue</body></html>');
      return;
    }
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') return this.token(req, res);
    if (req.method === 'GET' && url.pathname.startsWith('/id/')) return this.identity(req, res);
    if (req.method === 'POST' && url.pathname === '/services/oauth2/singleaccess')
      return this.frontdoorDesk.singleAccess(req, res);
    if (req.method === 'GET' && url.pathname === '/secur/frontdoor.jsp') return this.frontdoorDesk.frontdoor(res, url);
    if (req.method === 'GET' && url.pathname.startsWith('/lightning/')) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        `<html><head><title>${this.options.org?.name ?? 'Emulated Org'} | Salesforce</title></head><body>Signed in.</body></html>`,
      );
      return;
    }
    if (req.method === 'GET' && url.pathname === '/services/data/') {
      return json(
        res,
        200,
        ['60.0', '61.0', '62.0'].map((version) => ({ label: 'Winter', url: `/services/data/v${version}`, version })),
      );
    }
    const rest = /^\/services\/data\/v(\d+\.\d)\/(query|limits)\/?$/.exec(url.pathname);
    if (req.method === 'GET' && rest) return this.rest(req, res, rest[2] as string, url);
    json(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }

  private refuse(res: ServerResponse, record: TokenRequestRecord, error: string, description: string): void {
    record.outcome = `${error}: ${description}`;
    json(res, 400, { error, error_description: description });
  }

  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record: TokenRequestRecord = { outcome: 'pending' };
    this.tokenRequests.push(record);
    const form = new URLSearchParams(await readBody(req));
    if (
      !String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ||
      form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer'
    ) {
      return this.refuse(res, record, 'unsupported_grant_type', 'grant type not supported');
    }
    const parts = (form.get('assertion') ?? '').split('.');
    let header: { alg?: string };
    let claims: { iss?: string; sub?: string; aud?: string | string[]; exp?: number };
    try {
      header = JSON.parse(b64url(parts[0] ?? '').toString('utf8')) as typeof header;
      claims = JSON.parse(b64url(parts[1] ?? '').toString('utf8')) as typeof claims;
    } catch {
      return this.refuse(res, record, 'invalid_grant', 'invalid assertion');
    }
    record.issuer = claims.iss;
    record.subject = claims.sub;
    record.audience = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (parts.length !== 3 || header.alg !== 'RS256')
      return this.refuse(res, record, 'invalid_grant', 'invalid assertion');

    const app = this.options.apps.find((a) => a.consumerKey === claims.iss);
    if (!app) return this.refuse(res, record, 'invalid_client_id', 'client identifier invalid');
    const appAnswer = this.appDesk.answer(app, String(req.headers.host ?? ''), record.audience);
    if (appAnswer) return this.refuse(res, record, ...appAnswer);
    const audiences = this.options.audiences ?? [this.baseUrl];
    if (!record.audience || !audiences.includes(record.audience.replace(/\/+$/, ''))) {
      return this.refuse(res, record, 'invalid_grant', 'audience is invalid');
    }
    const cert = new X509Certificate(app.certificatePem);
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    if (!verify('sha256', signed, cert.publicKey, b64url(parts[2] ?? ''))) {
      return this.refuse(res, record, 'invalid_grant', 'invalid assertion');
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
      return this.refuse(res, record, 'invalid_grant', 'expired authorization code');
    }
    const user = this.user(claims.sub);
    if (!user || user.approved === false)
      return this.refuse(res, record, 'invalid_grant', "user hasn't approved this consumer");
    if (!preAuthorizes(app, user.username))
      return this.refuse(res, record, 'invalid_app_access', 'user is not admin approved to access this app');
    if (user.active === false) return this.refuse(res, record, 'invalid_grant', 'inactive user');
    if (user.ipAllowed === false) return this.refuse(res, record, 'invalid_grant', 'ip restricted');
    if (user.appAccess === false)
      return this.refuse(res, record, 'invalid_app_access', 'user is not admin approved to access this app');

    const accessToken = `${this.orgId}!${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, user);
    record.outcome = 'ok';
    json(res, 200, {
      access_token: accessToken,
      scope: user.scope ?? 'api web',
      instance_url: this.baseUrl,
      id: `${this.baseUrl}/id/${this.orgId}/${this.userId(user)}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      ...this.fault?.tokenAnswer,
    });
  }

  private userId(user: EmulatorUser): string {
    return `005${Buffer.from(user.username).toString('hex').slice(0, 12).padEnd(12, '0')}`;
  }

  private bearer(req: IncomingMessage): EmulatorUser | undefined {
    const auth = req.headers.authorization ?? '';
    return auth.startsWith('Bearer ') ? this.tokens.get(auth.slice(7)) : undefined;
  }

  private identity(req: IncomingMessage, res: ServerResponse): void {
    const user = this.bearer(req);
    if (!user) {
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end('Bad_OAuth_Token');
      return;
    }
    if (this.fault?.emptyIdentity) return json(res, 200, {});
    json(res, 200, {
      id: `${this.baseUrl}/id/${this.orgId}/${this.userId(user)}`,
      user_id: this.userId(user),
      organization_id: this.orgId,
      username: user.username,
      display_name: user.displayName ?? 'Integration User',
      email: user.email ?? user.username,
      urls: { rest: `${this.baseUrl}/services/data/v{version}/` },
    });
  }

  private rest(req: IncomingMessage, res: ServerResponse, resource: string, url: URL): void {
    if (!this.bearer(req))
      return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    this.apiRemaining -= 1;
    if (resource === 'limits') {
      return json(res, 200, {
        DailyApiRequests: { Max: 15000, Remaining: this.apiRemaining },
        DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      });
    }
    if (!/FROM\s+Organization/i.test(url.searchParams.get('q') ?? '')) {
      return json(res, 400, [
        { message: 'The emulator only answers the Organization query', errorCode: 'MALFORMED_QUERY' },
      ]);
    }
    if (this.fault?.emptyOrg) return json(res, 200, {});
    const org = this.options.org ?? {};
    json(res, 200, {
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Organization', url: `/services/data/v62.0/sobjects/Organization/${this.orgId}` },
          Name: org.name ?? 'Emulated Org',
          InstanceName: org.instanceName ?? 'EMU1',
          IsSandbox: org.isSandbox ?? false,
          TrialExpirationDate: null,
          OrganizationType: org.type ?? 'Developer Edition',
        },
      ],
    });
  }
}
