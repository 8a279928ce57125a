import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import { createServer as createNetServer, type Socket } from "node:net";

export type EmulatorRequest = IncomingMessage | Http2ServerRequest;
export type EmulatorResponse = ServerResponse | Http2ServerResponse;
export type RequestListener = (req: EmulatorRequest, res: EmulatorResponse) => void;

export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

function looksLikeHttp2(first: Buffer): boolean {
  const n = Math.min(first.length, H2_PREFACE.length);
  return n > 0 && first.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
}

/**
 * Serves HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on one loopback port: the bedrock-runtime
 * JS client speaks HTTP/2 while the control-plane client, the CLI and fetch speak HTTP/1.1. The
 * first bytes of each connection pick the protocol, and are put back for the server that takes it.
 */
export function listenBoth(port: number, onRequest: RequestListener): Promise<Listener> {
  const http1 = createHttp1Server(onRequest);
  const http2 = createHttp2Server(onRequest);
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (looksLikeHttp2(first) ? http2 : http1).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      resolve({
        port: typeof address === "object" && address !== null ? address.port : port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
