/** Bad input other than the config file (stack outputs, flags): exit code 2, before any AWS call. */
export class InputError extends Error {
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(`${source}\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InputError";
  }
}
