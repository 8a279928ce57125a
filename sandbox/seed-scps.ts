import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { AccessConfig } from "../lib/config/schema";
import { clientsInAccount } from "./aws-clients";

/**
 * SCPs for the sandbox's Organization, as a fixture file lists them (see sandbox/fixtures/): each policy's name, its
 * document, and where it is attached: "root", an account of the config (by name or id), or an OU id.
 */
const scpFixtureSchema = z.array(
  z.strictObject({
    name: z.string().min(1),
    description: z.string().default("seeded by the bedrock-org-access sandbox"),
    document: z.record(z.string(), z.unknown()),
    targets: z.array(z.string().min(1)).min(1),
  }),
);
export type ScpFixture = z.input<typeof scpFixtureSchema>[number];

export interface SeededScp {
  readonly id: string;
  readonly name: string;
  /** Root, OU and account ids it is attached to. */
  readonly targetIds: readonly string[];
}

export function readScpFixtures(path: string): ScpFixture[] {
  return scpFixtureSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}

const SCP = "SERVICE_CONTROL_POLICY";

async function rootOf(organizations: OrganizationsClient): Promise<{ id: string; scpsEnabled: boolean }> {
  const [root] = (await organizations.send(new ListRootsCommand({}))).Roots ?? [];
  if (!root?.Id) throw new Error("moto ListRoots returned no root: seed the Organization first");
  return { id: root.Id, scpsEnabled: (root.PolicyTypes ?? []).some((t) => t.Type === SCP && t.Status === "ENABLED") };
}

function targetId(target: string, rootId: string, config: AccessConfig): string {
  if (target === "root") return rootId;
  if (/^ou-/.test(target) || /^\d{12}$/.test(target)) return target;
  const account = config.accounts.find((a) => a.name === target);
  if (!account) throw new Error(`SCP fixture target ${JSON.stringify(target)}: expected "root", an account of the config, or an OU id`);
  return account.id;
}

/**
 * Creates the fixture's SCPs in moto as the management account and attaches them. The SCP policy type is enabled on
 * the root first, as AWS requires before an SCP can be attached (AWS Organizations API Reference, AttachPolicy:
 * PolicyTypeNotEnabledException; moto 5.2.1 attaches without it, and reports the root's PolicyTypes as enabled only
 * after EnablePolicyType, which is what preflight and the emulator read). Pass the sandbox's endpoint (`env.AWS_ENDPOINT_URL`)
 * once the emulator runs, so it sees the change at its next call.
 */
export async function seedScps(endpoint: string, config: AccessConfig, fixtures: readonly ScpFixture[]): Promise<SeededScp[]> {
  if (fixtures.length === 0) return [];
  const { organizations } = await clientsInAccount(endpoint, config.managementAccount.id);
  try {
    const root = await rootOf(organizations);
    if (!root.scpsEnabled) await organizations.send(new EnablePolicyTypeCommand({ RootId: root.id, PolicyType: SCP }));
    const seeded: SeededScp[] = [];
    for (const fixture of scpFixtureSchema.parse(fixtures)) {
      const created = await organizations.send(
        new CreatePolicyCommand({
          Name: fixture.name,
          Description: fixture.description,
          Type: SCP,
          Content: JSON.stringify(fixture.document),
        }),
      );
      const id = created.Policy?.PolicySummary?.Id;
      if (!id) throw new Error(`moto CreatePolicy ${fixture.name} returned no policy id`);
      const targetIds = fixture.targets.map((t) => targetId(t, root.id, config));
      for (const target of targetIds) await organizations.send(new AttachPolicyCommand({ PolicyId: id, TargetId: target }));
      seeded.push({ id, name: fixture.name, targetIds });
    }
    return seeded;
  } finally {
    organizations.destroy();
  }
}

/** Detaches and deletes what `seedScps` created (the policy type stays enabled, with FullAWSAccess everywhere). */
export async function removeScps(endpoint: string, config: AccessConfig, seeded: readonly SeededScp[]): Promise<void> {
  const { organizations } = await clientsInAccount(endpoint, config.managementAccount.id);
  try {
    for (const scp of seeded) {
      for (const target of scp.targetIds) await organizations.send(new DetachPolicyCommand({ PolicyId: scp.id, TargetId: target }));
      await organizations.send(new DeletePolicyCommand({ PolicyId: scp.id }));
    }
  } finally {
    organizations.destroy();
  }
}
