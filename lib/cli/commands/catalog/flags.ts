import { z } from "zod";
import { configFlag, flag, onOff, optionalText } from "../../flags";

export const catalogListFlags = z.object({ json: flag({ flags: "--json", help: "print the catalog as JSON", parse: onOff() }) });

export const catalogRefreshFlags = z.object({
  config: configFlag,
  lock: flag({
    flags: "--lock <file>",
    help: "the lock file (default: the config's catalogLock, next to the config)",
    parse: optionalText,
  }),
  dryRun: flag({ flags: "--dry-run", help: "print what changed; do not write the lock", parse: onOff() }),
});
