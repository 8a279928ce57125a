import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** What the proxy does with the next request. */
export type ProxyMode =
  /** Forward to the target. */
  | "pass"
  /** Listener closed and every connection dropped: refused connections, reset requests (a killed server). */
  | "down"
  /** Accept requests and never answer (a frozen server). */
  | "frozen";

/** Answers a request itself instead of forwarding it, when it returns a response. */
export type Intercept = (
  req: IncomingMessage,
  body: Buffer,
) => { status: number; headers: Record<string, string>; body: string } | undefined;

/**
 * An HTTP proxy on 127.0.0.1 in front of a sandbox server, for fault tests: it forwards, drops or freezes
 * requests, or answers some itself, without the server behind it losing its state.
 */
export class FaultProxy {
  private mode: ProxyMode = "pass";
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** Requests held unanswered (frozen or withheld). */
  private readonly held = new Set<ServerResponse>();
  intercept?: Intercept;
  /** Forwards the requests it selects and never passes the answer on: the work is done, the caller never hears of it. */
  withhold?: (req: IncomingMessage) => boolean;
  /** Holds the requests it selects, as `frozen` holds every request: one endpoint frozen behind a shared proxy. */
  freeze?: (req: IncomingMessage) => boolean;

  private constructor(
    private readonly target: URL,
    private port: number,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(target), 0);
    await proxy.listen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests accepted and not answered (frozen or withheld) right now. */
  get heldRequests(): number {
    return this.held.size;
  }

  /** Switches mode: `down` closes the listener and drops every connection; leaving it listens on the same port again. */
  async set(mode: ProxyMode): Promise<void> {
    const previous = this.mode;
    this.mode = mode;
    if (mode !== "frozen") this.releaseHeld();
    if (mode === "down" && previous !== "down") await this.close();
    if (mode !== "down" && previous === "down") await this.listen();
  }

  async stop(): Promise<void> {
    this.releaseHeld();
    await this.close();
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        const address = server.address();
        if (typeof address === "object" && address) this.port = address.port;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private releaseHeld(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const withheld = this.mode === "pass" && this.withhold?.(req) === true;
      if (this.mode === "frozen" || this.freeze?.(req) === true || withheld) {
        this.held.add(res);
        res.once("close", () => this.held.delete(res));
        if (!withheld) return;
      }
      const answer = this.intercept?.(req, body);
      if (answer) {
        res.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
      const upstream = request(
        { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers },
        (reply: IncomingMessage) => {
          if (withheld) {
            reply.resume();
            return;
          }
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  }
}
