import { MOTO_PYTHON, MOTO_VERSIONS } from "../moto";
import { evaluate, type Check, type Requirements } from "./checks";
import { probeMachine } from "./probe";
import { AWS_CLI_VERSIONS, nodeVersions, TERRAFORM_VERSIONS, type Target } from "./requirements";

function requirements(): Requirements {
  return { node: nodeVersions(), terraform: TERRAFORM_VERSIONS, python: MOTO_PYTHON, moto: MOTO_VERSIONS, awsCli: AWS_CLI_VERSIONS };
}

/** Looks at this machine and judges every prerequisite, fixes naming `target`'s command. */
export async function checkPrerequisites(target: Target): Promise<Check[]> {
  const required = requirements();
  return evaluate(await probeMachine(required.python), required, target);
}
