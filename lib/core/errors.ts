/**
 * Bad input (the config file, flags, stack outputs, plan files): every command maps it to exit code 2,
 * before any AWS call. `title` says what was being read; `problems` lists each thing wrong with it,
 * naming the field, the value and what was expected.
 */
export class InputError extends Error {
  constructor(
    readonly title: string,
    readonly problems: readonly string[],
  ) {
    super(`${title}\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InputError";
  }
}

interface ErrorLike {
  readonly message: string;
  readonly stack?: string;
}

/** Duck-typed: errors from another realm (a VM context, Jest's sandbox) fail `instanceof Error`. */
const isErrorLike = (err: unknown): err is ErrorLike =>
  err instanceof Error || (typeof err === "object" && err !== null && typeof (err as { message?: unknown }).message === "string");

/** The message of anything thrown: an error's message, else its string form. */
export function errorMessage(err: unknown): string {
  return isErrorLike(err) ? err.message : String(err);
}

/** For "unexpected" failures: the stack when there is one. */
export function errorDetail(err: unknown): string {
  return isErrorLike(err) ? (err.stack ?? err.message) : String(err);
}
