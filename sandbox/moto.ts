import { join } from "node:path";
import { freePort, startProcess, waitForHttp } from "./processes";

/** The Python the sandbox starts moto with, unless told otherwise. */
export const MOTO_PYTHON = "python3";
/** moto 5: sandbox/moto/serve.py patches its Organizations backend (moto.organizations.models, moto.organizations.utils). */
export const MOTO_VERSIONS = "5.x";

export interface MotoOptions {
  /** @default - a free port */
  readonly port?: number;
  /** Ids handed out, in order, to Organization accounts created with CreateAccount. @default [] */
  readonly memberAccountIds?: readonly string[];
  /** @default MOTO_PYTHON (moto 5 must be importable: pip install "moto[server]") */
  readonly python?: string;
}

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts moto (IAM, STS, Organizations, ...) on 127.0.0.1. */
export async function startMoto(options: MotoOptions = {}): Promise<MotoServer> {
  const port = options.port ?? (await freePort());
  const proc = startProcess(options.python ?? MOTO_PYTHON, [join(__dirname, "moto", "serve.py"), "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, SANDBOX_ACCOUNT_IDS: (options.memberAccountIds ?? []).join(",") },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(`${endpoint}/moto-api/`, proc);
  return { endpoint, port, stop: () => proc.stop() };
}
