import { App, Testing, type TerraformStack } from "cdktf";
import type { AccessConfig } from "../../lib/config/schema";
import { addStacks } from "../../stacks/app";
import { ManagementStack } from "../../stacks/management-stack";
import { RuntimeAccountStack } from "../../stacks/runtime-account-stack";

export interface PolicyStatementJson {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, unknown>;
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyJson {
  Version: string;
  Statement: PolicyStatementJson[];
}
type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The synthesized stack as parsed JSON, with helpers to reach resources and their policy documents. */
export class Synthesized {
  readonly json: string;
  readonly resources: Resources;
  readonly root: Record<string, unknown>;

  constructor(stack: TerraformStack) {
    this.json = Testing.synth(stack);
    this.root = JSON.parse(this.json) as Record<string, unknown>;
    this.resources = (this.root.resource ?? {}) as Resources;
  }

  ofType(type: string): Record<string, unknown>[] {
    return Object.values(this.resources[type] ?? {});
  }

  role(name: string): Record<string, unknown> {
    const role = this.ofType("aws_iam_role").find((r) => r.name === name);
    if (!role) throw new Error(`no aws_iam_role named ${name}`);
    return role;
  }

  trustOf(roleName: string): PolicyJson {
    return JSON.parse(this.role(roleName).assume_role_policy as string) as PolicyJson;
  }

  managedPolicy(name: string): PolicyJson {
    const policy = this.ofType("aws_iam_policy").find((p) => p.name === name);
    if (!policy) throw new Error(`no aws_iam_policy named ${name}`);
    return JSON.parse(policy.policy as string) as PolicyJson;
  }

  inlinePolicy(name: string): PolicyJson {
    const policy = this.ofType("aws_iam_role_policy").find((p) => p.name === name);
    if (!policy) throw new Error(`no aws_iam_role_policy named ${name}`);
    return JSON.parse(policy.policy as string) as PolicyJson;
  }
}

export function synthRuntime(config: AccessConfig, accountIndex = 0): { stack: RuntimeAccountStack; out: Synthesized } {
  const stack = new RuntimeAccountStack(Testing.app(), `runtime-${config.accounts[accountIndex].name}`, {
    config,
    account: config.accounts[accountIndex],
  });
  return { stack, out: new Synthesized(stack) };
}

export function synthManagement(config: AccessConfig): { stack: ManagementStack; out: Synthesized } {
  const stack = new ManagementStack(Testing.app(), "management", { config });
  return { stack, out: new Synthesized(stack) };
}

export const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Synthesizes every stack of `config` into `outDir` in this process: the files `cdktf synth` writes, without its CLI. */
export function synthInProcess(config: AccessConfig, outDir: string): void {
  const app = new App({ outdir: outDir });
  addStacks(app, config, "deploy");
  app.synth();
}
