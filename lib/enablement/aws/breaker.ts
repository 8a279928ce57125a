import { ENDPOINT_SERVICES, type EndpointDownReport } from "../../contracts/report";

/** A service in one Region: what the breaker keeps apart. A dead bedrock-runtime in us-east-1 says nothing of eu-west-1. */
export interface Endpoint {
  readonly service: (typeof ENDPOINT_SERVICES)[number];
  readonly region: string;
}

export interface EndpointBreakerOptions {
  /** Attempts in a row that get no answer (timeouts, connection failures) before the endpoint counts as down. @default 3 */
  readonly threshold?: number;
  /** Of those, timeouts in a row that are enough: each is a whole --request-timeout of silence. @default 2 */
  readonly timeoutThreshold?: number;
  /** Told once per endpoint, when it goes down: the run's one message about it. */
  readonly onDown?: (down: EndpointDownReport) => void;
}

/** Three attempts: one call's worth (the SDK's default), or three calls' first attempts when they run side by side. */
const DEFAULT_ENDPOINT_THRESHOLD = 3;
/** Two timeouts: a minute of silence with the default --request-timeout. */
const DEFAULT_TIMEOUT_THRESHOLD = 2;

const attempts = (n: number): string => `${n} attempt${n === 1 ? "" : "s"}`;

/**
 * Thrown instead of sending, once the endpoint is down; its `name` is the code the adapter reports (`EndpointDown`).
 * @internal its tests read it
 */
export class EndpointDownError extends Error {
  constructor(readonly down: EndpointDownReport) {
    super(`${down.service} in ${down.region} is down (${attempts(down.failures)} in a row timed out or could not connect)`);
    // No `cause`: the SDK would read a timeout there as transient and retry the call.
    this.name = "EndpointDown";
  }
}

/** "bedrock-runtime in us-east-1 (https://…) is not answering: 2 attempts in a row timed out or could not connect (…)". */
export function endpointDownMessage(down: EndpointDownReport): string {
  return `${down.service} in ${down.region}${down.url ? ` (${down.url})` : ""} is not answering: ${attempts(down.failures)} in a row timed out or could not connect (last: ${down.lastError}); the run's remaining calls to it fail at once`;
}

/** One HTTP attempt through the breaker: say how it ended; `signal` aborts when the endpoint goes down meanwhile. */
export interface EndpointAttempt {
  readonly signal: AbortSignal;
  /** Any HTTP response, errors included: the endpoint answers. */
  answered(): void;
  /** The attempt got no response; only timeouts and connection failures count against the endpoint. */
  failed(err: unknown): void;
}

interface EndpointState {
  /** Attempts in a row that got no answer, and how many of them timed out. */
  failures: number;
  timeouts: number;
  down?: EndpointDownReport;
  readonly inFlight: Set<AbortController>;
}

/**
 * A circuit breaker per endpoint (service + Region), fed by every HTTP attempt the clients make (the SDK's retries
 * included). An endpoint is down for the rest of the run once it has answered none of its last `threshold` attempts
 * (timeouts or connection failures), or of its last `timeoutThreshold` if they timed out; and, once another endpoint
 * is down, at its first timeout: the network, not one service, is then the likely cause, and a dead network would
 * otherwise cost a minute per endpoint. Its attempts in flight are aborted and every later attempt fails at once with
 * EndpointDownError, so a frozen endpoint costs the run its first timeouts, not one timeout per call. Attempts, not
 * calls, are counted: one call is already up to three attempts, and three frozen calls in a row would take minutes.
 * Any answer, an error response included, starts the count again. A rerun tries the endpoint again.
 */
export class EndpointBreaker {
  private readonly states = new Map<string, EndpointState>();
  private readonly threshold: number;
  private readonly timeoutThreshold: number;

  constructor(private readonly options: EndpointBreakerOptions = {}) {
    this.threshold = Math.max(1, options.threshold ?? DEFAULT_ENDPOINT_THRESHOLD);
    this.timeoutThreshold = Math.max(1, options.timeoutThreshold ?? DEFAULT_TIMEOUT_THRESHOLD);
  }

  /** Starts an attempt at `endpoint` (`url` names it in the message); throws EndpointDownError when it is down. */
  attempt(endpoint: Endpoint, url?: string): EndpointAttempt {
    const state = this.state(endpoint);
    if (state.down) throw new EndpointDownError(state.down);
    const controller = new AbortController();
    state.inFlight.add(controller);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      state.inFlight.delete(controller);
      outcome();
    };
    return {
      signal: controller.signal,
      answered: () =>
        settle(() => {
          if (state.down) return;
          state.failures = 0;
          state.timeouts = 0;
        }),
      failed: (err) =>
        settle(() => {
          if (state.down || !isNetworkFailure(err)) return;
          const timedOut = err instanceof Error && isTimeout(err);
          state.failures += 1;
          if (timedOut) state.timeouts += 1;
          const networkSuspect = timedOut && this.down().length > 0;
          if (state.failures >= this.threshold || state.timeouts >= this.timeoutThreshold || networkSuspect)
            this.trip(endpoint, state, url, err);
        }),
    };
  }

  /** Every endpoint that went down in this run, in the order it did. */
  down(): EndpointDownReport[] {
    return [...this.states.values()].flatMap((s) => (s.down ? [s.down] : []));
  }

  private trip(endpoint: Endpoint, state: EndpointState, url: string | undefined, err: unknown): void {
    const down: EndpointDownReport = {
      service: endpoint.service,
      region: endpoint.region,
      ...(url && { url }),
      failures: state.failures,
      lastError: describe(err),
    };
    state.down = down;
    const error = new EndpointDownError(down);
    for (const controller of state.inFlight) controller.abort(error);
    state.inFlight.clear();
    this.options.onDown?.(down);
  }

  private state(endpoint: Endpoint): EndpointState {
    const key = `${endpoint.service} ${endpoint.region}`;
    let state = this.states.get(key);
    if (!state) {
      state = { failures: 0, timeouts: 0, inFlight: new Set() };
      this.states.set(key, state);
    }
    return state;
  }
}

/** Node's codes for a connection that could not be made or was lost, and a name lookup that failed. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
]);

/**
 * A timeout or a connection failure: what a dead or frozen endpoint produces. The HTTP handler names its connection,
 * socket and request timeouts `TimeoutError`; an attempt aborted by the call's deadline (`--call-timeout`) carries a
 * TimeoutError as its cause. An abort for any other reason (the run interrupted) says nothing about the endpoint.
 * @internal its tests read it
 */
export function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code: unknown = Reflect.get(err, "code");
  return isTimeout(err) || (typeof code === "string" && NETWORK_CODES.has(code));
}

/**
 * Silence: a connection, idle or request timeout of the HTTP handler (which also names a reset or broken connection
 * TimeoutError, when Node's code says so: those are connection failures, not silence), or the call's deadline.
 */
function isTimeout(err: Error): boolean {
  const code: unknown = Reflect.get(err, "code");
  if (err.name === "TimeoutError") return !(typeof code === "string" && ["ECONNRESET", "EPIPE"].includes(code));
  const cause: unknown = Reflect.get(err, "cause");
  return err.name === "AbortError" && typeof cause === "object" && cause !== null && Reflect.get(cause, "name") === "TimeoutError";
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code: unknown = Reflect.get(err, "code");
  const name = typeof code === "string" && code !== err.name ? `${err.name} ${code}` : err.name;
  return `${name}: ${err.message}`.slice(0, 300);
}
