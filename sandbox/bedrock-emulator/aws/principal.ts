/** The kinds of caller the emulator can load IAM policies for, parsed from GetCallerIdentity's ARN. */
export type Principal =
  | { readonly kind: "assumed-role"; readonly roleName: string; readonly sessionName: string }
  | { readonly kind: "user"; readonly userName: string }
  | { readonly kind: "root" }
  | { readonly kind: "unsupported" };

export interface CallerIdentity {
  readonly account: string;
  /** The ARN STS reports (assumed-role ARNs carry no role path). */
  readonly arn: string;
  readonly principal: Principal;
}

const ASSUMED_ROLE = /^arn:aws:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/;
// moto reports its default caller as arn:aws:sts::ACCT:user/moto; AWS writes users under iam.
const USER = /^arn:aws:(?:iam|sts)::\d{12}:user\/(?:.*\/)?([^/]+)$/;
const ROOT = /^arn:aws:iam::\d{12}:root$/;

export function parsePrincipal(arn: string): Principal {
  const role = ASSUMED_ROLE.exec(arn);
  if (role) return { kind: "assumed-role", roleName: role[1], sessionName: role[2] };
  const user = USER.exec(arn);
  if (user) return { kind: "user", userName: user[1] };
  if (ROOT.test(arn)) return { kind: "root" };
  return { kind: "unsupported" };
}
