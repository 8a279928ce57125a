/** What the probes found on this machine; an absent field is a tool that is not on PATH. */
export interface Facts {
  readonly nodeVersion: string;
  /** Packages of package.json whose installed version differs from package-lock.json's, or that are missing. */
  readonly staleModules: readonly string[];
  readonly terraform?: { readonly version: string };
  readonly python?: { readonly version: string; readonly moto?: string; readonly motoError?: string };
  readonly awsCli?: { readonly version: string; readonly knowsUseCaseForm: boolean };
  readonly provider: ProviderFact;
}

/** Where the sandbox's Terraform gets the AWS provider (sandbox/terraform-cli-config.ts), as one line. */
export type ProviderFact =
  { readonly ok: true; readonly line: string; readonly downloads: boolean } | { readonly ok: false; readonly error: string };
