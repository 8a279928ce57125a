/**
 * IPv4 and IPv6 addresses and CIDR ranges, for IpAddress / NotIpAddress.
 *
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators", IP address condition operators
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html): "The value
 * must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP
 * address without the associated routing prefix, IAM uses the default prefix value of /32." An IPv6 address without
 * a prefix is taken as /128 here (the same rule, one address; AWS does not spell it out).
 */

interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

export interface CidrRange extends IpAddress {
  readonly prefix: number;
}

function parseIpv4(text: string): IpAddress | undefined {
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)?.slice(1).map(Number);
  if (!octets || octets.some((octet) => octet > 255)) return undefined;
  return { bits: 32, value: octets.reduce((sum, octet) => (sum << 8n) + BigInt(octet), 0n) };
}

function parseGroups(text: string): number[] | undefined {
  if (text === "") return [];
  const groups = text.split(":");
  return groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group)) ? groups.map((group) => parseInt(group, 16)) : undefined;
}

function parseIpv6(text: string): IpAddress | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return { bits: 128, value: groups.reduce((sum, group) => (sum << 16n) + BigInt(group), 0n) };
}

function parseIpAddress(text: string): IpAddress | undefined {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

/** `203.0.113.0/24`, `2001:db8::/32`, or a bare address (the whole address). */
export function parseCidr(text: string): CidrRange | undefined {
  const [address, prefixText, ...extra] = text.split("/");
  const ip = parseIpAddress(address);
  if (!ip || extra.length > 0) return undefined;
  if (prefixText === undefined) return { ...ip, prefix: ip.bits };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > ip.bits) return undefined;
  return { ...ip, prefix: Number(prefixText) };
}

/** Whether `address` lies in `range`; an address of the other IP version never does. */
export function cidrContains(range: CidrRange, address: string): boolean | undefined {
  const ip = parseIpAddress(address);
  if (!ip) return undefined;
  if (ip.bits !== range.bits) return false;
  const shift = BigInt(range.bits - range.prefix);
  return ip.value >> shift === range.value >> shift;
}
