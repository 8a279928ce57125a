import type { EndpointDownReport } from "../../lib/contracts/report";
import { EndpointBreaker, EndpointDownError, isNetworkFailure, type Endpoint } from "../../lib/enablement/aws/breaker";

const RUNTIME_US: Endpoint = { service: "bedrock-runtime", region: "us-east-1" };
const RUNTIME_EU: Endpoint = { service: "bedrock-runtime", region: "eu-west-1" };
const CONTROL_US: Endpoint = { service: "bedrock", region: "us-east-1" };
const URL_US = "https://bedrock-runtime.us-east-1.amazonaws.com";

const timeout = () => Object.assign(new Error("the request socket timed out after 30000 ms of inactivity"), { name: "TimeoutError" });
const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), { code: "ECONNREFUSED" });

function breaker(threshold?: number) {
  const told: EndpointDownReport[] = [];
  return { breaker: new EndpointBreaker({ ...(threshold && { threshold }), onDown: (down) => told.push(down) }), told };
}

describe("EndpointBreaker", () => {
  it("gives an endpoint up after 3 attempts in a row that cannot connect, says so once, and fails later attempts at once", () => {
    const { breaker: b, told } = breaker();

    b.attempt(RUNTIME_US, URL_US).failed(refused());
    b.attempt(RUNTIME_US, URL_US).failed(refused());
    expect(told).toEqual([]);
    b.attempt(RUNTIME_US, URL_US).failed(refused());

    expect(told).toEqual([
      {
        service: "bedrock-runtime",
        region: "us-east-1",
        url: URL_US,
        failures: 3,
        lastError: "Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566",
      },
    ]);
    expect(() => b.attempt(RUNTIME_US)).toThrow(EndpointDownError);
    expect(() => b.attempt(RUNTIME_US)).toThrow(
      /^bedrock-runtime in us-east-1 is down \(3 attempts in a row timed out or could not connect\)$/,
    );
    expect(told).toHaveLength(1);
    expect(b.down()).toEqual(told);
  });

  it("gives it up after 2 timeouts in a row: two whole --request-timeouts of silence", () => {
    const { breaker: b, told } = breaker();

    b.attempt(RUNTIME_US, URL_US).failed(timeout());
    expect(told).toEqual([]);
    b.attempt(RUNTIME_US, URL_US).failed(timeout());

    expect(told).toEqual([
      {
        service: "bedrock-runtime",
        region: "us-east-1",
        url: URL_US,
        failures: 2,
        lastError: "TimeoutError: the request socket timed out after 30000 ms of inactivity",
      },
    ]);
  });

  it("counts only failures in a row: any answer, an error response included, starts the count again", () => {
    const { breaker: b, told } = breaker();

    for (let i = 0; i < 5; i++) {
      b.attempt(RUNTIME_US).failed(refused());
      b.attempt(RUNTIME_US).failed(timeout());
      b.attempt(RUNTIME_US).answered();
    }

    expect(told).toEqual([]);
    expect(() => b.attempt(RUNTIME_US).answered()).not.toThrow();
  });

  it("does not count what the endpoint is not to blame for: an interruption, or a refusal that is an answer", () => {
    const { breaker: b, told } = breaker();
    const interrupted = Object.assign(new Error("Request aborted"), { name: "AbortError", cause: new DOMException("stop", "AbortError") });
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });

    for (let i = 0; i < 5; i++) b.attempt(RUNTIME_US).failed(interrupted);
    for (let i = 0; i < 5; i++) b.attempt(RUNTIME_US).failed(throttled);

    expect(told).toEqual([]);
  });

  it("counts an attempt the call's deadline aborted (--call-timeout) as a timeout", () => {
    const deadline = Object.assign(new Error("Request aborted"), { name: "AbortError", cause: new DOMException("call", "TimeoutError") });

    expect(isNetworkFailure(deadline)).toBe(true);
    expect(isNetworkFailure(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isNetworkFailure(new Error("AccessDeniedException"))).toBe(false);
  });

  it("keeps every service and Region apart: a dead bedrock-runtime in us-east-1 leaves eu-west-1 and the control plane alone", () => {
    const { breaker: b, told } = breaker();

    for (let i = 0; i < 3; i++) b.attempt(RUNTIME_US).failed(refused());

    expect(told.map((d) => `${d.service} ${d.region}`)).toEqual(["bedrock-runtime us-east-1"]);
    expect(() => b.attempt(RUNTIME_EU).answered()).not.toThrow();
    expect(() => b.attempt(CONTROL_US).answered()).not.toThrow();
  });

  it("once one endpoint is down, gives another up at its first timeout (the network is suspect), not at a reset connection", () => {
    const { breaker: b, told } = breaker();
    for (let i = 0; i < 3; i++) b.attempt(RUNTIME_US).failed(refused());

    b.attempt(CONTROL_US).failed(Object.assign(new Error("socket hang up"), { name: "TimeoutError", code: "ECONNRESET" }));
    expect(told).toHaveLength(1);
    b.attempt(RUNTIME_EU).failed(timeout());

    expect(told.map((d) => `${d.service} ${d.region} ${d.failures}`)).toEqual([
      "bedrock-runtime us-east-1 3",
      "bedrock-runtime eu-west-1 1",
    ]);
    expect(() => b.attempt(RUNTIME_EU)).toThrow(
      /^bedrock-runtime in eu-west-1 is down \(1 attempt in a row timed out or could not connect\)$/,
    );
  });

  it("aborts the attempts still in flight when their endpoint goes down, with the reason that names it", () => {
    const { breaker: b } = breaker();
    const waiting = [b.attempt(RUNTIME_US), b.attempt(RUNTIME_US)];
    const elsewhere = b.attempt(RUNTIME_EU);

    b.attempt(RUNTIME_US).failed(timeout());
    b.attempt(RUNTIME_US).failed(timeout());

    for (const attempt of waiting) {
      expect(attempt.signal.aborted).toBe(true);
      expect(attempt.signal.reason).toBeInstanceOf(EndpointDownError);
    }
    expect(elsewhere.signal.aborted).toBe(false);
  });
});
