// "The other Salesforce": a server that answers the way the real one does (as documented, and as
// FACTS.md records), not the way the project's emulator does: 18-character ids, `id` on
// login.salesforce.com while instance_url is the My Domain, token answers with extra fields,
// identity answers with `urls`, query answers with totalSize/done/attributes, limits with many keys.
// It signs nothing and checks no signature: tests script each answer (`answer`) to play Salesforce,
// a proxy or an attacker, and read `requests` to see what reached which host.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { readBody } from './http-util.js';

export const ORG_ID = '00D5g000004ABCDEA2';
export const USER_ID = '0055g00000XYZ12AAB';
export const TOKEN = `${ORG_ID.slice(0, 15)}!AQ4AQFcJ.realish-access-token_x1y2z3`;

export interface SeenRequest {
  host: string;
  method: string;
  path: string;
  authorization?: string;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Returns an answer to override the default one, or undefined to let the default answer. */
export type Script = (req: SeenRequest) => Answer | undefined | Promise<Answer | undefined>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers },
  body: JSON.stringify(body),
});

export class RealSalesforce {
  readonly requests: SeenRequest[] = [];
  script: Script | undefined;
  /** The My Domain the token answer names as instance_url, and where identity lives. */
  instanceUrl = 'https://acme.my.salesforce.com';
  idBase = 'https://login.salesforce.com';
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly tls?: { certPem: string; keyPem: string }) {}

  async start(): Promise<number> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      void this.handle(req, res);
    };
    this.server = this.tls
      ? createHttpsServer({ cert: this.tls.certPem, key: this.tls.keyPem }, handler)
      : createHttpServer(handler);
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  tokenAnswer(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      access_token: TOKEN,
      signature: 'dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==',
      scope: 'web api',
      instance_url: this.instanceUrl,
      id: `${this.idBase}/id/${ORG_ID}/${USER_ID}`,
      token_type: 'Bearer',
      issued_at: '1763870000000',
      ...extra,
    };
  }

  private defaultAnswer(req: SeenRequest): Answer {
    const path = req.path.split('?')[0] as string;
    const bearer =
      req.authorization === `Bearer ${TOKEN}` || new URLSearchParams(req.body).get('access_token') === TOKEN;
    if (req.method === 'POST' && path === '/services/oauth2/token') return json(200, this.tokenAnswer());
    if (path.startsWith('/id/')) {
      if (!bearer) return { status: 403, headers: { 'Content-Type': 'text/plain' }, body: 'Bad_OAuth_Token' };
      return json(200, {
        id: `${this.idBase}/id/${ORG_ID}/${USER_ID}`,
        asserted_user: true,
        user_id: USER_ID,
        organization_id: ORG_ID,
        username: 'integration@acme.com',
        nick_name: 'integration',
        display_name: 'Integration User',
        email: 'integration@acme.com',
        email_verified: true,
        first_name: 'Integration',
        last_name: 'User',
        timezone: 'Europe/Berlin',
        photos: {
          picture: `${this.instanceUrl}/profilephoto/005/F`,
          thumbnail: `${this.instanceUrl}/profilephoto/005/T`,
        },
        addr_street: null,
        addr_city: null,
        addr_state: null,
        addr_country: 'DE',
        addr_zip: null,
        mobile_phone: null,
        mobile_phone_verified: false,
        is_lightning_login_user: false,
        status: { created_date: null, body: null },
        urls: {
          enterprise: `${this.instanceUrl}/services/Soap/c/{version}/${ORG_ID}`,
          partner: `${this.instanceUrl}/services/Soap/u/{version}/${ORG_ID}`,
          rest: `${this.instanceUrl}/services/data/v{version}/`,
          sobjects: `${this.instanceUrl}/services/data/v{version}/sobjects/`,
          query: `${this.instanceUrl}/services/data/v{version}/query/`,
          profile: `${this.instanceUrl}/${USER_ID}`,
          custom_domain: this.instanceUrl,
        },
        active: true,
        user_type: 'STANDARD',
        language: 'en_US',
        locale: 'de_DE',
        utcOffset: 3600000,
        last_modified_date: '2025-11-02T10:00:00.000+0000',
        is_app_installed: true,
      });
    }
    if (path === '/services/data/' || path === '/services/data') {
      return json(
        200,
        ['61.0', '62.0', '63.0', '64.0', '65.0'].map((v) => ({
          label: `Release ${v}`,
          url: `/services/data/v${v}`,
          version: v,
        })),
      );
    }
    if (!bearer && path.startsWith('/services/'))
      return json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    if (/^\/services\/data\/v[\d.]+\/query\/?$/.test(path)) {
      return json(200, {
        totalSize: 1,
        done: true,
        records: [
          {
            attributes: { type: 'Organization', url: `/services/data/v65.0/sobjects/Organization/${ORG_ID}` },
            Name: 'Acme Corporation',
            InstanceName: 'EU45',
            IsSandbox: false,
            TrialExpirationDate: null,
            OrganizationType: 'Enterprise Edition',
          },
        ],
      });
    }
    if (/^\/services\/data\/v[\d.]+\/limits\/?$/.test(path)) {
      const keys = [
        'ActiveScratchOrgs',
        'AnalyticsExternalDataSizeMB',
        'ConcurrentAsyncGetReportInstances',
        'DailyAsyncApexExecutions',
        'DailyBulkApiBatches',
        'DailyBulkV2QueryJobs',
        'DailyStreamingApiEvents',
        'DataStorageMB',
        'FileStorageMB',
        'HourlyODataCallout',
        'MassEmail',
        'SingleEmail',
      ];
      return json(200, {
        ...Object.fromEntries(keys.map((k) => [k, { Max: 1000, Remaining: 999 }])),
        DailyApiRequests: {
          Max: 115000,
          Remaining: 114321,
          'Ant Migration Tool': { Max: 0, Remaining: 0 },
          'Salesforce CLI': { Max: 0, Remaining: 0 },
        },
      });
    }
    if (req.method === 'POST' && path === '/services/oauth2/singleaccess') {
      return json(200, {
        frontdoor_uri: `${this.instanceUrl}/secur/frontdoor.jsp?otp=OTP-single-use-123&startURL=%2Fhome%2Fhome.jsp&cshc=abc`,
      });
    }
    return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const seen: SeenRequest = {
      host: String(req.headers.host ?? ''),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      ...(typeof req.headers.authorization === 'string' && { authorization: req.headers.authorization }),
      body: await readBody(req),
    };
    this.requests.push(seen);
    const answer = (await this.script?.(seen)) ?? this.defaultAnswer(seen);
    if (answer.status === 0) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body ?? '');
  }
}

/** The standard `{error, error_description}` refusal of the token endpoint (HTTP 400). */
export function oauthRefusal(error: string, description: string): Answer {
  return json(400, { error, error_description: description }, { 'Cache-Control': 'no-store' });
}

export { json as jsonAnswer };
