// A small HTTP CONNECT proxy for tests, standing in for a corporate proxy: it records every host it
// is asked for, resolves names from its own table (the test host names do not exist in DNS, so a
// client can reach them only through this proxy), and can refuse with 407, 403 or 502.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyRequestRecord {
  /** host:port as asked in the CONNECT line. */
  target: string;
  /** The Proxy-Authorization header as sent, decoded ("user:pass"), if any. */
  credentials?: string;
  outcome: number;
}

export interface ConnectProxyOptions {
  /** Host name → address (or "address:port" to reach another port than asked); names not listed answer 502, as a proxy whose DNS lookup failed. */
  hosts?: Record<string, string>;
  /** "user:pass": without these credentials the proxy answers 407. */
  credentials?: string;
}

export class ConnectProxy {
  readonly requests: ProxyRequestRecord[] = [];
  /** Force an answer to every CONNECT, whatever the request. */
  refuseWith: 403 | 407 | 502 | undefined;
  /** Answer CONNECT with 200, then close the tunnel as soon as the client starts TLS. */
  cutMidTls = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(readonly options: ConnectProxyOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((_req, res) => {
      res.writeHead(405, { 'Content-Type': 'text/plain' });
      res.end('This test proxy only tunnels (CONNECT).');
    });
    this.server.on('connection', (socket: Socket) => this.track(socket));
    this.server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => this.tunnel(req, client, head));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private answer(client: Socket, record: ProxyRequestRecord, status: number, reason: string, extra = ''): void {
    record.outcome = status;
    client.end(
      `HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    const target = req.url ?? '';
    const auth = req.headers['proxy-authorization'];
    const credentials =
      typeof auth === 'string' && auth.startsWith('Basic ')
        ? Buffer.from(auth.slice(6), 'base64').toString('utf8')
        : undefined;
    const record: ProxyRequestRecord = { target, ...(credentials !== undefined && { credentials }), outcome: 0 };
    this.requests.push(record);
    client.on('error', () => client.destroy());
    if (this.refuseWith === 407 || (this.options.credentials && credentials !== this.options.credentials)) {
      return this.answer(
        client,
        record,
        407,
        'Proxy Authentication Required',
        'Proxy-Authenticate: Basic realm="corp"\r\n',
      );
    }
    if (this.refuseWith === 403) return this.answer(client, record, 403, 'Forbidden');
    if (this.refuseWith === 502) return this.answer(client, record, 502, 'Bad Gateway');
    if (this.cutMidTls) {
      record.outcome = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      client.once('data', () => client.destroy());
      return;
    }
    const match = /^(.+):(\d+)$/.exec(target);
    const address = match ? this.options.hosts?.[match[1] as string] : undefined;
    if (!match || !address) return this.answer(client, record, 502, 'Bad Gateway');
    const pinned = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(address);
    const upstream = connect(
      pinned ? Number(pinned[2]) : Number(match[2]),
      pinned ? (pinned[1] as string) : address,
      () => {
        record.outcome = 200;
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      },
    );
    this.track(upstream);
    upstream.on('error', () => (record.outcome ? client.destroy() : this.answer(client, record, 502, 'Bad Gateway')));
    client.on('close', () => upstream.destroy());
  }
}
