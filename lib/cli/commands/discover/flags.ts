import { z } from "zod";
import { configFlag, flag, onOff, optionalText } from "../../flags";

export const discoverFlags = z.object({
  config: configFlag,
  lock: flag({
    flags: "--lock <file>",
    help: "the accounts lock (default: the config's organization.accountsLock, next to the config)",
    parse: optionalText,
  }),
  check: flag({ flags: "--check", help: "write nothing; exit 1 when the Organization and the lock differ", parse: onOff() }),
  json: flag({ flags: "--json", help: "print the report as JSON instead of the table", parse: onOff() }),
});
