import { App } from "cdktf";
import { configPath, loadConfigFile } from "./lib/config/load";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "./lib/outputs";
import { ManagementStack } from "./stacks/management-stack";
import { RuntimeAccountStack } from "./stacks/runtime-account-stack";

const config = loadConfigFile(configPath());
const app = new App();
new ManagementStack(app, MANAGEMENT_STACK_NAME, { config });
for (const account of config.accounts) {
  new RuntimeAccountStack(app, runtimeStackName(account.name), { config, account });
}
app.synth();
