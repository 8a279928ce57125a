import { ADMIN_PREFIX, handleAdmin, type AdminHooks } from "./admin";
import type { CallerIdentity } from "./aws/principal";
import type { EmulatorDeps } from "./deps";
import { CallerAccess } from "./iam/caller-access";
import type { Route } from "./operations/types";
import { anthropicErrorStatus, sendAnthropicError } from "./protocol/anthropic-errors";
import { ServiceError } from "./protocol/errors";
import { readBody, send, sendError, type HttpReply } from "./protocol/http";
import type { EmulatorRequest, EmulatorResponse } from "./protocol/listener";
import { matchRoute } from "./operations/router";
import { parseSigV4, signingService } from "./protocol/sigv4";

/** The model a call concerns, for the call log: a URI label, else the body's `modelId` (bedrock) or `model` (Messages API). */
function modelIdOf(params: Readonly<Record<string, string>>, body: Buffer): string | undefined {
  const fromPath = params.modelId ?? params.modelIdentifier ?? params.inferenceProfileIdentifier;
  if (fromPath) return fromPath;
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    if ("modelId" in parsed && typeof parsed.modelId === "string") return parsed.modelId;
    if ("model" in parsed && typeof parsed.model === "string") return parsed.model;
  } catch {
    // No JSON body: no model to log.
  }
  return undefined;
}

async function resolveCaller(deps: EmulatorDeps, accessKeyId: string, sessionToken?: string): Promise<CallerIdentity> {
  try {
    return await deps.directory.callerIdentity(accessKeyId, sessionToken);
  } catch (err) {
    deps.logger.error(`resolving access key ${accessKeyId} through moto failed: ${String(err)}`);
    throw new ServiceError(
      "InternalServerException",
      `Bedrock emulator could not resolve the caller (access key ${accessKeyId}) through moto.`,
    );
  }
}

/**
 * One request: admin routes aside, route by method, path and signing service, resolve the SigV4 caller through moto,
 * inject faults, run the operation, and log the outcome by operation, account and principal.
 */
export function requestHandler(deps: EmulatorDeps, routes: readonly Route[], hooks: AdminHooks) {
  return async (req: EmulatorRequest, res: EmulatorResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    if (url.pathname.startsWith(ADMIN_PREFIX)) return handleAdmin(req, res, url, deps, hooks);

    const method = req.method ?? "GET";
    const match = matchRoute(routes, method, url.pathname, signingService(req.headers));
    let operation = match?.route.operation ?? "UnknownOperation";
    let caller: CallerIdentity | undefined;
    let region: string | undefined;
    let body: Buffer = Buffer.alloc(0);
    let reply: HttpReply | undefined;
    let failure: ServiceError | undefined;
    try {
      body = await readBody(req);
      if (!match) throw new ServiceError("UnknownOperationException", `No operation matches ${method} ${url.pathname}.`);
      const credentials = parseSigV4(req.headers);
      region = credentials.region;
      caller = await resolveCaller(deps, credentials.accessKeyId, credentials.sessionToken);
      await deps.faults.beforeOperation(operation);
      const access = new CallerAccess(
        caller,
        deps.directory,
        (account, action) => deps.faults.scpDenies(account, action),
        credentials.region,
      );
      reply = await match.route.handler(
        { caller, access, region, params: match.params, query: url.searchParams, body, headers: req.headers },
        deps,
      );
    } catch (err) {
      if (err instanceof ServiceError) {
        failure = err;
      } else {
        deps.logger.error(`${operation} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        failure = new ServiceError(
          "InternalServerException",
          `Bedrock emulator internal error: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    const anthropic = match?.route.errors === "anthropic";
    if (failure) (anthropic ? sendAnthropicError : sendError)(res, failure);
    else if (reply) send(res, reply);
    operation = match ? operation : `${method} ${url.pathname}`;
    deps.state.record({
      operation,
      account: caller?.account,
      principalArn: caller?.arn,
      region,
      modelId: match ? modelIdOf(match.params, body) : undefined,
      outcome: failure ? failure.code : "ok",
      status: failure ? (anthropic ? anthropicErrorStatus(failure.code) : failure.status) : (reply?.status ?? 0),
      ...(failure ? { message: failure.message } : {}),
    });
    deps.logger.debug(`${operation} ${caller?.arn ?? "-"} ${region ?? "-"} -> ${failure ? failure.code : "ok"}`);
  };
}
