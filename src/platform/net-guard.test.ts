import net from "node:net";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import {
  type AddressKind,
  checkAddress,
  classifyAddress,
  guardedLookup,
  OutboundRefused,
  outboundPolicy,
  resolveDestination,
} from "./net-guard.ts";

describe("address classifier", () => {
  const table: [string, AddressKind][] = [
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["2606:4700:4700::1111", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.0.1", "link_local"],
    ["fe80::1", "link_local"],
    ["fe80::1%eth0", "link_local"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.254", "cgnat"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.100.100.200", "metadata"],
    ["192.0.0.192", "metadata"],
    // IPv4 inside IPv6: mapped, its long forms, NAT64, 6to4, IPv4-compatible.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["0:0:0:0:0:ffff:7f00:0001", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["64:ff9b::808:808", "public"],
    ["2002:7f00:1::1", "loopback"],
    ["::127.0.0.1", "loopback"],
  ];
  it.each(table)("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it("refuses to classify what is not an address", () => {
    expect(() => classifyAddress("localhost")).toThrow(/not an IP address/);
  });
});

describe("outbound policy (ASSAY_OUTBOUND_ALLOW)", () => {
  const refusal = (policy: string, host: string, address = host) => {
    try {
      checkAddress(outboundPolicy(policy), host, address);
      return null;
    } catch (err) {
      expect(err).toBeInstanceOf(OutboundRefused);
      return err as OutboundRefused;
    }
  };

  it("allows public addresses and nothing else by default", () => {
    expect(refusal("", "8.8.8.8")).toBeNull();
    for (const a of ["127.0.0.1", "10.1.2.3", "::1", "::ffff:127.0.0.1", "169.254.169.254", "0.0.0.0"])
      expect(refusal("", a), a).not.toBeNull();
  });

  it("allows what the installation lists: ranges, addresses, host names", () => {
    const policy = "10.0.0.0/8, 192.168.1.5 db.internal,[fd00::7],fd01::/16";
    expect(refusal(policy, "10.200.1.1")).toBeNull();
    expect(refusal(policy, "::ffff:10.200.1.1")).toBeNull();
    expect(refusal(policy, "192.168.1.5")).toBeNull();
    expect(refusal(policy, "192.168.1.6")).not.toBeNull();
    expect(refusal(policy, "fd00::7")).toBeNull();
    expect(refusal(policy, "fd01:2::1")).toBeNull();
    expect(refusal(policy, "db.internal", "172.20.0.4")).toBeNull();
    expect(refusal(policy, "DB.Internal.", "172.20.0.4")).toBeNull();
    expect(refusal(policy, "other.internal", "172.20.0.4")).not.toBeNull();
    // An IPv4-mapped range is read as its IPv4 range.
    expect(refusal("::ffff:127.0.0.0/104", "127.0.0.1")).toBeNull();
  });

  it("allows a metadata address only when it is named itself, never through a range or a host name", () => {
    expect(refusal("169.254.0.0/16", "169.254.169.254")).not.toBeNull();
    expect(refusal("0.0.0.0/0", "169.254.169.254")).not.toBeNull();
    expect(refusal("metadata.google.internal", "metadata.google.internal", "169.254.169.254")).not.toBeNull();
    expect(refusal("169.254.169.254", "169.254.169.254")).toBeNull();
    expect(refusal("169.254.169.254", "::ffff:169.254.169.254")).toBeNull();
    expect(refusal("169.254.0.0/16", "169.254.10.10")).toBeNull();
  });

  it("says which setting allows a refused destination", () => {
    expect(refusal("", "10.1.2.3")).toMatchObject({
      message:
        "10.1.2.3 is a private-network address, which this server does not contact unless the installation allows it.",
      guidance: expect.stringContaining("ASSAY_OUTBOUND_ALLOW=10.0.0.0/8"),
    });
    expect(refusal("", "db.internal", "10.1.2.3")).toMatchObject({
      message: expect.stringMatching(/^db\.internal \(10\.1\.2\.3\) is a private-network address/),
      guidance: expect.stringContaining("ASSAY_OUTBOUND_ALLOW=db.internal or ASSAY_OUTBOUND_ALLOW=10.0.0.0/8"),
    });
    expect(refusal("", "169.254.169.254")!.guidance).toMatch(
      /names each one in ASSAY_OUTBOUND_ALLOW \(ASSAY_OUTBOUND_ALLOW=169\.254\.169\.254\); a range or a host name never/,
    );
  });

  it("rejects entries it cannot read", () => {
    expect(() => outboundPolicy("10.0.0.0/33")).toThrow(/not an address range/);
    expect(() => outboundPolicy("db.internal:5432")).toThrow(/not an address range, an IP address or a host name/);
    expect(outboundPolicy("  ").hosts.size).toBe(0);
  });
});

describe("resolving destinations", () => {
  const answers = (map: Record<string, string[]>) => async (host: string) =>
    (map[host] ?? []).map((address) => ({ address, family: (net.isIPv6(address) ? 6 : 4) as 4 | 6 }));

  it("refuses a name when any of its addresses is refused, and returns the checked addresses otherwise", async () => {
    const lookup = answers({ "mixed.test": ["8.8.8.8", "10.0.0.1"], "ok.test": ["8.8.8.8", "2606:4700::1"] });
    await expect(resolveDestination(outboundPolicy(""), "mixed.test", lookup)).rejects.toThrow(OutboundRefused);
    expect(await resolveDestination(outboundPolicy(""), "ok.test", lookup)).toEqual([
      { address: "8.8.8.8", family: 4 },
      { address: "2606:4700::1", family: 6 },
    ]);
    // IP literals are their own answer, brackets or not.
    await expect(resolveDestination(outboundPolicy(""), "[::1]", lookup)).rejects.toThrow(/loopback/);
    expect(await resolveDestination(outboundPolicy("::1"), "[::1]", lookup)).toEqual([{ address: "::1", family: 6 }]);
  });

  it("refuses localhost through the system resolver", async () => {
    await expect(resolveDestination(outboundPolicy(""), "localhost")).rejects.toThrow(
      /localhost \((127\.0\.0\.1|::1)\)/,
    );
  });

  it("gives sockets only checked addresses (the lookup both resolves and checks)", async () => {
    const lookup = guardedLookup(
      outboundPolicy(""),
      answers({ "inside.test": ["127.0.0.1"], "out.test": ["8.8.4.4"] }),
    );
    const ask = (host: string, all: boolean) =>
      new Promise<unknown>((resolve) =>
        lookup(host, { all }, (err, address, family) => resolve(err ?? (all ? address : [address, family]))),
      );
    expect(await ask("inside.test", true)).toBeInstanceOf(OutboundRefused);
    expect(await ask("out.test", true)).toEqual([{ address: "8.8.4.4", family: 4 }]);
    expect(await ask("out.test", false)).toEqual(["8.8.4.4", 4]);
  });
});

describe("configuration", () => {
  it("refuses to start with an ASSAY_OUTBOUND_ALLOW it cannot read; local paths and private destinations are off by default", () => {
    const base = { ASSAY_DATA_DIR: "/nonexistent/assay" } as NodeJS.ProcessEnv;
    expect(() => loadConfig({ ...base, ASSAY_OUTBOUND_ALLOW: "10.0.0.0/8,http://x" })).toThrow(
      /ASSAY_OUTBOUND_ALLOW: "http:\/\/x" is not an address range/,
    );
    const config = loadConfig(base);
    expect(config.ASSAY_CONNECTOR_LOCAL_PATHS).toBe("none");
    expect(config.ASSAY_OUTBOUND_ALLOW).toBe("");
  });
});
