import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";

/**
 * A pass-through proxy in front of moto that notices IAM and Organizations writes. The sandbox points every client at
 * it (cdktf, Terraform, the CLI, the aws CLI), so the Bedrock emulator can keep each principal's IAM policies and each
 * account's SCPs, and still see a change the moment the write that made it has returned.
 */
export interface IamWriteWatch {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** IAM (query protocol): any action that does not only read. */
const READ_ONLY = /^(Get|List|Simulate|Generate)/;

/** Organizations (JSON protocol, `X-Amz-Target: AWSOrganizationsV20161128.<Action>`): SCPs, attachments, moves. */
const ORGANIZATIONS_READ_ONLY = /\.(Describe|List)[A-Za-z]*$/;

function isOrganizationsWrite(req: IncomingMessage): boolean {
  if (!/\/organizations\/aws4_request/.test(String(req.headers.authorization ?? ""))) return false;
  const target = String(req.headers["x-amz-target"] ?? "");
  return target !== "" && !ORGANIZATIONS_READ_ONLY.test(target);
}

function isIamWrite(req: IncomingMessage, body: Buffer): boolean {
  if (isOrganizationsWrite(req)) return true;
  if (!/\/iam\/aws4_request/.test(String(req.headers.authorization ?? ""))) return false;
  const action = new URLSearchParams(body.toString("utf8")).get("Action") ?? new URL(req.url ?? "/", "http://x").searchParams.get("Action");
  return action !== null && !READ_ONLY.test(action);
}

export async function watchIamWrites(target: string, onWrite: () => void): Promise<IamWriteWatch> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const write = isIamWrite(req, body);
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (reply) => {
          // Before the caller sees the answer, so its next call already sees the change.
          if (write) onWrite();
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
