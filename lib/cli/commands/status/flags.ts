import { commonFlags } from "../../enablement/options";
import { flag, jsonFlag, onOff } from "../../flags";

export const statusFlags = commonFlags.extend({
  proveMessages: flag({
    flags: "--prove-messages",
    help: "also ask each Messages API (bedrock-mantle) profile with one 8-token request as the runtime role: bedrock-mantle has no state to read",
    parse: onOff(),
  }),
  json: jsonFlag,
});
