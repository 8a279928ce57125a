import type { ProfileReport, Report } from "../../contracts/report";

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
const have = (n: number): string => (n === 1 ? "has" : "have");
const proven = (profiles: ProfileReport[]): number => profiles.filter((p) => p.proof.status === "passed").length;
const listed = (parts: string[]): string => (parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`);

/**
 * What a rerun that found everything enabled did. "Nothing invoked" holds only without Messages API profiles: nothing
 * reads bedrock-mantle's state back, so each of them gets one request from the runtime role; and a profile a previous
 * run left unproven gets its runtime-role proof now.
 */
export function alreadyEnabledNote(report: Report): string {
  const profiles = report.accounts.flatMap((a) => a.profiles);
  const messages = profiles.filter((p) => p.kind === "messages");
  const converse = profiles.filter((p) => p.kind !== "messages");
  const held =
    messages.length === 0
      ? [`all ${count(converse.length, "profile")} ${have(converse.length)} an AVAILABLE agreement`]
      : [
          ...(converse.length > 0 ? [`${count(converse.length, "Converse profile")} ${have(converse.length)} an AVAILABLE agreement`] : []),
          `${count(messages.length, "Messages API profile")} answered the runtime role`,
        ];
  const calls = [
    ...(proven(messages) > 0
      ? [
          `${count(proven(messages), "Messages API request")} (max_tokens 8, one per Messages API profile: nothing else tells whether one works)`,
        ]
      : []),
    ...(proven(converse) > 0
      ? [`the proof (Converse and ConverseStream) of ${count(proven(converse), "profile")} a previous run left unproven`]
      : []),
  ];
  const done =
    calls.length === 0
      ? "nothing was submitted or invoked"
      : `nothing was submitted or invoked through the first-use role; the runtime role made ${listed(calls)}`;
  return `Already enabled: ${listed(["the use-case form is unchanged", ...held])}; ${done} (--force-invoke invokes anyway).`;
}
