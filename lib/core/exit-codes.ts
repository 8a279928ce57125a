/**
 * Every command's exit codes: 0 all done, 1 something failed (see the report), 2 bad input (nothing was done),
 * 130 / 143 stopped by SIGINT / SIGTERM (128 + the signal's number, as shells report it; the report says how far it got).
 */
export const EXIT_CODES = { ok: 0, failed: 1, badInput: 2, interruptedByInt: 130, interruptedByTerm: 143 } as const;
