import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test owns in front of a shared server (Elasticsearch): the apps under test talk to
 * the proxy, and `stop()` is the outage (the listener closes and every open connection is cut, as
 * when the server goes away), `start()` again on the same port is the server coming back. The shared
 * server itself is never touched.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;
  /** Connections accepted while up (the apps really went through it). */
  accepted = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly host = '127.0.0.1',
  ) {}

  get port(): number {
    if (!this.boundPort) throw new Error('the proxy was never started');
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** Listens (on the port of the previous start, if any); resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((downstream) => {
      this.accepted += 1;
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [downstream, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
      }
      const cut = () => {
        downstream.destroy();
        upstream.destroy();
      };
      downstream.once('error', cut).once('close', cut);
      upstream.once('error', cut).once('close', cut);
      downstream.pipe(upstream);
      upstream.pipe(downstream);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** The outage: no new connection is accepted and every open one is cut. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}
