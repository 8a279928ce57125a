/** Every command's exit codes: 0 all done, 1 something failed (see the report), 2 bad input (nothing was done). */
export const EXIT_CODES = { ok: 0, failed: 1, badInput: 2 } as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
