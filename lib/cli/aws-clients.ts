import { SdkCatalogAws } from "../catalog-sync/aws";
import { SdkOrganizations } from "../discovery/sdk-adapter";
import { SdkEnablementAws } from "../enablement/aws/sdk-adapter";
import { SdkPreflightAws } from "../preflight/aws/sdk-adapter";

/** The AWS SDK adapters the process's own io creates; loaded on first use (see processIo). */
export const AWS_CLIENTS = { SdkCatalogAws, SdkOrganizations, SdkEnablementAws, SdkPreflightAws };
