/**
 * Which network destinations this server may contact on a user's behalf (webhooks, connectors). Users choose
 * host names and URLs; without this check any organization owner could make the server talk to its own database,
 * to services on the private network or to the cloud metadata endpoint (server-side request forgery).
 *
 * A destination is allowed when every address its name resolves to is public, or is allow-listed by the
 * installation in ASSAY_OUTBOUND_ALLOW (address ranges, single addresses, host names). Cloud metadata addresses
 * are allowed only when named one by one, never through a range or a host name. Callers connect to the very
 * addresses that were checked (`guardedLookup` runs the check inside the socket's own lookup), so a DNS answer
 * that changes between check and connect cannot slip past.
 */
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link_local"
  | "unspecified"
  | "cgnat"
  | "multicast"
  | "reserved"
  | "metadata";

/** Cloud metadata services (AWS, GCP, Azure, OCI, DigitalOcean; AWS IPv6 and ECS; Alibaba; Oracle legacy). */
const METADATA = ["169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200", "192.0.0.192"].map((a) =>
  ipaddr.parse(a).toNormalizedString(),
);

const cidr = (s: string): Cidr => ipaddr.parseCIDR(s);

/** Ranges never contacted unless allow-listed, first match wins; what is in none of them is public. */
const RANGES: [Exclude<AddressKind, "public" | "metadata">, Cidr][] = [
  ["unspecified", cidr("0.0.0.0/8")],
  ["unspecified", cidr("::/128")],
  ["loopback", cidr("127.0.0.0/8")],
  ["loopback", cidr("::1/128")],
  ["private", cidr("10.0.0.0/8")],
  ["private", cidr("172.16.0.0/12")],
  ["private", cidr("192.168.0.0/16")],
  ["private", cidr("fc00::/7")],
  ["link_local", cidr("169.254.0.0/16")],
  ["link_local", cidr("fe80::/10")],
  ["cgnat", cidr("100.64.0.0/10")],
  ["multicast", cidr("224.0.0.0/4")],
  ["multicast", cidr("ff00::/8")],
  // IETF protocol assignments, documentation, benchmarking, 240/4 and broadcast, IPv6 discard, documentation and
  // Teredo (whose embedded client address cannot be checked).
  ["reserved", cidr("192.0.0.0/24")],
  ["reserved", cidr("192.0.2.0/24")],
  ["reserved", cidr("198.18.0.0/15")],
  ["reserved", cidr("198.51.100.0/24")],
  ["reserved", cidr("203.0.113.0/24")],
  ["reserved", cidr("240.0.0.0/4")],
  ["reserved", cidr("100::/64")],
  ["reserved", cidr("2001:db8::/32")],
  ["reserved", cidr("2001::/32")],
];

/** IPv6 prefixes that carry an IPv4 address (mapped, compatible, SIIT, NAT64, 6to4): where it sits in the bytes. */
const EMBEDDING: [Cidr, number][] = [
  [cidr("::ffff:0:0/96"), 12],
  [cidr("::ffff:0:0:0/96"), 12],
  [cidr("64:ff9b::/96"), 12],
  [cidr("64:ff9b:1::/48"), 12],
  [cidr("2002::/16"), 2],
  [cidr("::/96"), 12],
];

/** The address a connection really reaches: the IPv4 one inside an IPv4-mapped (or NAT64, 6to4…) IPv6 address. */
function effective(a: Address): Address {
  if (a.kind() === "ipv4" || a.match(cidr("::/127"))) return a;
  for (const [range, at] of EMBEDDING)
    if (a.match(range)) return ipaddr.fromByteArray(a.toByteArray().slice(at, at + 4)) as ipaddr.IPv4;
  return a;
}

function parseAddress(text: string): Address | null {
  const bare = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  return net.isIP(bare) ? ipaddr.parse(bare) : null;
}

const sameFamily = (a: Address, range: Cidr) => a.kind() === range[0].kind();

/** What kind of address `address` (an IP literal) is, looking through IPv4-mapped and similar IPv6 forms. */
export function classifyAddress(address: string): AddressKind {
  const parsed = parseAddress(address);
  if (!parsed) throw new Error(`${address} is not an IP address`);
  const a = effective(parsed);
  if (METADATA.includes(a.toNormalizedString())) return "metadata";
  return RANGES.find(([, range]) => sameFamily(a, range) && a.match(range))?.[0] ?? "public";
}

export interface OutboundPolicy {
  /** The setting as written (for messages). */
  source: string;
  ranges: Cidr[];
  /** Single addresses, normalized: the only way to allow a metadata address. */
  addresses: Set<string>;
  /** Host names, lower case without a trailing dot: any address they resolve to but metadata ones. */
  hosts: Set<string>;
}

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const normalHost = (h: string) =>
  h
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();

/**
 * Reads ASSAY_OUTBOUND_ALLOW: comma- or space-separated CIDR ranges (10.0.0.0/8, fd00::/8), single addresses
 * (10.1.2.3, [fd00::1]) and host names (db.internal). Empty: only public addresses. Throws on an entry it cannot read.
 */
export function outboundPolicy(setting: string | undefined): OutboundPolicy {
  const policy: OutboundPolicy = { source: setting ?? "", ranges: [], addresses: new Set(), hosts: new Set() };
  for (const entry of (setting ?? "").split(/[\s,]+/).filter(Boolean)) {
    const bare = entry.replace(/^\[|\]$/g, "");
    if (bare.includes("/")) {
      if (!ipaddr.isValidCIDR(bare) || !net.isIP(bare.split("/")[0]!))
        throw new Error(`"${entry}" is not an address range like 10.0.0.0/8 or fd00::/8`);
      const [base, bits] = ipaddr.parseCIDR(bare);
      // ::ffff:10.0.0.0/104 is 10.0.0.0/8: addresses are matched in their IPv4 form.
      const mapped = base.kind() === "ipv6" && bits >= 96 && (base as ipaddr.IPv6).isIPv4MappedAddress();
      policy.ranges.push(mapped ? [(base as ipaddr.IPv6).toIPv4Address(), bits - 96] : [base, bits]);
    } else if (net.isIP(bare)) policy.addresses.add(effective(ipaddr.parse(bare)).toNormalizedString());
    else if (HOST_NAME.test(normalHost(entry))) policy.hosts.add(normalHost(entry));
    else throw new Error(`"${entry}" is not an address range, an IP address or a host name`);
  }
  return policy;
}

/** Where a refused kind of address can be allowed from (the example in the refusal). */
const EXAMPLE: Record<Exclude<AddressKind, "public" | "metadata">, string> = {
  loopback: "127.0.0.1",
  private: "10.0.0.0/8",
  link_local: "169.254.0.0/16",
  unspecified: "0.0.0.0",
  cgnat: "100.64.0.0/10",
  multicast: "224.0.0.0/4",
  reserved: "198.18.0.0/15",
};
const LABEL: Record<Exclude<AddressKind, "public">, string> = {
  loopback: "a loopback address (this server itself)",
  private: "a private-network address",
  link_local: "a link-local address",
  unspecified: "an unspecified address (this server itself)",
  cgnat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  reserved: "a reserved address",
  metadata: "a cloud metadata address",
};

/** A destination this server does not contact; `guidance` names the setting that would allow it. */
export class OutboundRefused extends Error {
  readonly code = "EOUTBOUNDREFUSED";
  readonly guidance: string;
  readonly kind: AddressKind;
  constructor(host: string, address: string, kind: Exclude<AddressKind, "public">) {
    const named = normalHost(host) === normalHost(address) ? address : `${host} (${address})`;
    super(`${named} is ${LABEL[kind]}, which this server does not contact unless the installation allows it.`);
    this.name = "OutboundRefused";
    this.kind = kind;
    this.guidance =
      kind === "metadata"
        ? `Cloud metadata addresses are allowed only when the operator names each one in ASSAY_OUTBOUND_ALLOW (ASSAY_OUTBOUND_ALLOW=${address}); a range or a host name never allows them.`
        : `The operator can allow it with ASSAY_OUTBOUND_ALLOW, a comma-separated list of address ranges, addresses and host names, e.g. ASSAY_OUTBOUND_ALLOW=${net.isIP(normalHost(host)) ? EXAMPLE[kind] : `${normalHost(host)} or ASSAY_OUTBOUND_ALLOW=${EXAMPLE[kind]}`} (docs/operations.md "Outbound connections").`;
  }
}

/** Throws OutboundRefused unless `address` (what `host` resolved to) may be contacted under `policy`. */
export function checkAddress(policy: OutboundPolicy, host: string, address: string): void {
  const kind = classifyAddress(address);
  if (kind === "public") return;
  const a = effective(parseAddress(address)!);
  if (policy.addresses.has(a.toNormalizedString())) return;
  if (kind !== "metadata") {
    if (policy.hosts.has(normalHost(host))) return;
    if (policy.ranges.some((range) => sameFamily(a, range) && a.match(range))) return;
  }
  throw new OutboundRefused(host, address, kind);
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

type Lookup = (host: string) => Promise<ResolvedAddress[]>;
const systemLookup: Lookup = async (host) =>
  (await dns.promises.lookup(host, { all: true, order: "verbatim" })).map((r) => ({
    address: r.address,
    family: r.family === 6 ? 6 : 4,
  }));

/**
 * Every address `host` resolves to (an IP literal is its own), after checking each: a name with any refused
 * address is refused whole. DNS errors (ENOTFOUND…) pass through for the caller to explain.
 */
export async function resolveDestination(
  policy: OutboundPolicy,
  host: string,
  lookup: Lookup = systemLookup,
): Promise<ResolvedAddress[]> {
  const literal = parseAddress(host);
  const addresses = literal
    ? [{ address: literal.toString(), family: literal.kind() === "ipv6" ? 6 : 4 } as ResolvedAddress]
    : await lookup(normalHost(host));
  for (const a of addresses) checkAddress(policy, host, a.address);
  return addresses;
}

/**
 * A `lookup` for net/tls/http sockets (and undici's connector) that resolves and checks in one step, so the socket
 * connects to exactly the addresses that were checked. Sockets skip `lookup` for IP literals: check those with
 * `checkAddress` before connecting.
 */
export function guardedLookup(policy: OutboundPolicy, lookup: Lookup = systemLookup): net.LookupFunction {
  return (hostname, options, callback) => {
    resolveDestination(policy, hostname, lookup).then(
      (all) => {
        const wanted =
          options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        if (!wanted.length) {
          const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          err.code = "ENOTFOUND";
          return callback(err, "", 4);
        }
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 4),
    );
  };
}
