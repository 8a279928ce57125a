import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces, type TerraformStack } from "cdktf";
import type { BackendConfig } from "../lib/config/schema";

/**
 * Configures where the stack keeps its state. Local (cdktf's default) unless the config selects S3
 * (one key per stack, S3 lockfile and/or DynamoDB locking) or Terraform Cloud (one workspace per stack,
 * or workspaces selected by tags).
 */
export function applyBackend(stack: TerraformStack, stackName: string, backend: BackendConfig): void {
  switch (backend.type) {
    case "local":
      // cdktf's own local backend (terraform.<stack>.tfstate) unless a directory is given.
      if (backend.directory) new LocalBackend(stack, { path: `${backend.directory}/terraform.${stackName}.tfstate` });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
        region: backend.region,
        encrypt: true,
        ...(backend.dynamodbTable && { dynamodbTable: backend.dynamodbTable }),
      });
      // Terraform >= 1.10 locks with an S3 lockfile; cdktf 0.21's S3Backend has no typed field for it yet.
      if (backend.useLockfile) s3.addOverride("use_lockfile", true);
      return;
    }
    case "cloud":
      new CloudBackend(stack, {
        hostname: backend.hostname,
        organization: backend.organization,
        workspaces: backend.workspaceTags
          ? new TaggedCloudWorkspaces(backend.workspaceTags)
          : new NamedCloudWorkspace(`${backend.workspacePrefix}-${stackName}`),
      });
      return;
  }
}
