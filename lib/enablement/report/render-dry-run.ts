import { profileLabel } from "./profile-label";
import type { Report } from "../../contracts/report";

const DOES = {
  "would-invoke": "would invoke with the first-use role",
  "would-create-agreement": "would create the agreement with the first-use role",
  none: "already enabled: nothing to do",
  invoked: "invoked",
  "agreement-created": "agreement created",
} as const;

/** What a dry run would do: the form, and per account the roles and each profile's action. */
export function renderDryRun(report: Report): string {
  const { useCase } = report;
  const lines = [
    `Plan (dry run, strategy ${report.strategy}); no use-case form is submitted and no model is invoked:`,
    `  use-case form in ${useCase.accountId} (${useCase.region}) via ${useCase.roleArn}: ${useCase.status}`,
  ];
  for (const account of report.accounts) {
    lines.push(`  ${account.name} (${account.accountId}): first-use role ${account.firstUseRoleArn}`);
    for (const p of account.profiles) {
      const proof = p.proof.status === "planned" ? `; then prove with ${p.proof.roleArn ?? "a runtime role"}` : "";
      const what =
        p.status === "failed"
          ? `cannot tell: ${p.error?.kind ?? "failed"}`
          : `${DOES[p.action]}${p.status === "would-enable" ? proof : ""}`;
      lines.push(`    ${p.region} ${profileLabel(p)} (agreement ${p.agreement}): ${what}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
