import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Offline Terraform for tests and the sandbox only: a CLI config that installs providers from a local
 * filesystem mirror (direct downloads excluded). Real users keep their own Terraform configuration.
 */
const MIRROR_ENV = "TF_PROVIDER_MIRROR";
const CANDIDATES = [
  "/opt/tf-plugins",
  join(homedir(), ".terraform.d", "plugins"),
  "/usr/share/terraform/plugins",
  "/usr/local/share/terraform/plugins",
];

/** The mirror root (the folder holding registry.terraform.io/), or undefined if none is found. */
function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env[MIRROR_ENV] ? [env[MIRROR_ENV] as string] : CANDIDATES;
  return candidates.find((dir) => {
    const aws = join(dir, "registry.terraform.io", "hashicorp", "aws");
    return existsSync(aws) && readdirSync(aws).length > 0;
  });
}

/**
 * Writes `<dir>/terraformrc` and returns the environment that makes terraform and cdktf use it.
 * Throws, naming the variable to set, when no mirror exists.
 */
export function offlineTerraformEnv(dir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const mirror = findProviderMirror(env);
  if (!mirror) {
    throw new Error(
      `no Terraform provider mirror found (looked in ${env[MIRROR_ENV] ?? CANDIDATES.join(", ")}); set ${MIRROR_ENV} to the folder that holds registry.terraform.io/hashicorp/aws`,
    );
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "terraformrc");
  writeFileSync(
    file,
    [
      "provider_installation {",
      `  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }`,
      '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }',
      "}",
      "",
    ].join("\n"),
  );
  return { TF_CLI_CONFIG_FILE: file, CHECKPOINT_DISABLE: "1" };
}
