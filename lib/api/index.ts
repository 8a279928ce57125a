/**
 * The package's programmatic entry (`import { addBedrockAccessStacks, enable, status } from "bedrock-org-access"`):
 * the stacks for an existing cdktf app, and enable/status returning the report. The CLI is the `bedrock-access` bin.
 */
import type { Report } from "../contracts/report";
import type { EnableOptions, StatusOptions } from "./enablement";

export { addBedrockAccessStacks, type AddStacksOptions, type BedrockAccessStacks } from "./stacks";
export type { EnablementOptions, EnableOptions, StatusOptions } from "./enablement";
export type { ConfigSource, OutputsSource } from "./sources";
export type { AccessConfig } from "../config/schema";
export type { Report, AccountReport, ProfileReport, ProfileStatus } from "../contracts/report";
export type { Logger } from "../core/logger";
export { ManagementStack } from "../../stacks/management-stack";
export { RuntimeAccountStack } from "../../stacks/runtime-account-stack";

// enable and status load the AWS SDK when called: an app that only adds the stacks synthesizes without it.
type Enablement = typeof import("./enablement");
const enablement = (): Enablement => require("./enablement");

/**
 * `bedrock-access enable` as a function: submits the use-case form, creates and verifies every agreement, and returns
 * the report (its `exitCode` is the CLI's). Prints nothing; bad input throws before any AWS call.
 */
export const enable = (options: EnableOptions): Promise<Report> => enablement().enable(options);

/** `bedrock-access status` as a function: reads the form and every profile's agreement, and returns the report. */
export const status = (options: StatusOptions): Promise<Report> => enablement().status(options);
