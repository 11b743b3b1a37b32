import { describe, expect, it } from "vitest";
import { connectorOf } from "../registry.ts";
import type { ResourceInput } from "../types.ts";
import { releaseOf } from "./os-support.ts";
import { LINUX_AGENT_TESTS } from "./tests.ts";

const test = (name: string) => LINUX_AGENT_TESTS.find((t) => t.id === `linux_agent.${name}`)!;
const device = (attributes: Record<string, unknown>): ResourceInput => ({
  type: "device",
  externalId: "0123456789abcdef0123456789abcdef",
  name: "laptop",
  attributes,
});
const run = (name: string, attributes: Record<string, unknown>) =>
  test(name).evaluate(device(attributes), { config: {} });
const fact = (value: Record<string, unknown>) => ({ state: "detected", method: "test", value });
const unknownFact = { state: "unknown", reason: "nft: Operation not permitted" };

describe("linux_agent connector", () => {
  it("is registered as a push-based endpoint connector of devices", () => {
    const c = connectorOf("linux_agent")!;
    expect(c).toMatchObject({ category: "endpoint", push: true, resourceTypes: ["device"] });
    expect(LINUX_AGENT_TESTS.map((t) => t.id).every((id) => id.startsWith("linux_agent."))).toBe(true);
    expect(LINUX_AGENT_TESTS.every((t) => t.resourceType === "device")).toBe(true);
  });
});

describe("linux_agent tests", () => {
  it("disk encryption: pass, fail naming the volume, unknown is a failure to verify", () => {
    expect(
      run("disk_encryption", {
        disk_encryption: fact({
          encrypted: true,
          volumes: [{ mountpoint: "/", device: "/dev/mapper/luks", encrypted: true }],
        }),
      }),
    ).toMatchObject({ status: "pass" });
    expect(
      run("disk_encryption", {
        disk_encryption: fact({
          encrypted: false,
          volumes: [{ mountpoint: "/", device: "/dev/vda", encrypted: false }],
        }),
      }),
    ).toEqual({
      status: "fail",
      reason: "Not encrypted: / (/dev/vda).",
    });
    expect(run("disk_encryption", { disk_encryption: unknownFact })).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/^Could not verify disk encryption: nft/),
    });
    expect(run("disk_encryption", {})).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/did not report/),
    });
  });

  it("firewall and automatic updates", () => {
    expect(
      run("firewall_active", { firewall: fact({ active: true, tool: "ufw", detail: "ufw status: active" }) }).status,
    ).toBe("pass");
    expect(
      run("firewall_active", { firewall: fact({ active: false, tool: "nftables", detail: "no input chain" }) }).status,
    ).toBe("fail");
    expect(run("firewall_active", { firewall: unknownFact }).remediation).toMatch(/run the agent as root/);
    expect(
      run("automatic_security_updates", {
        automatic_updates: fact({ enabled: true, mechanism: "unattended-upgrades", detail: "x" }),
      }).status,
    ).toBe("pass");
    expect(
      run("automatic_security_updates", {
        automatic_updates: fact({ enabled: false, mechanism: "dnf-automatic", detail: "No timer." }),
      }),
    ).toMatchObject({
      status: "fail",
      reason: "Updates are not applied automatically. No timer.",
    });
  });

  it("ssh: not applicable without a server; only `no` passes", () => {
    const ssh = (permit: string | null, password: string | null, installed = true) => ({
      ssh: fact({ installed, permit_root_login: permit, password_authentication: password, source: "sshd -T" }),
    });
    expect(run("ssh_root_login_disabled", ssh(null, null, false))).toMatchObject({ status: "not_applicable" });
    expect(run("ssh_password_auth_disabled", ssh(null, null, false))).toMatchObject({ status: "not_applicable" });
    expect(run("ssh_root_login_disabled", ssh("no", "yes")).status).toBe("pass");
    expect(run("ssh_root_login_disabled", ssh("prohibit-password", "no"))).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/with a key/),
    });
    expect(run("ssh_password_auth_disabled", ssh("no", "yes"))).toMatchObject({
      status: "fail",
      reason: "PasswordAuthentication is yes (sshd -T).",
    });
    expect(run("ssh_password_auth_disabled", ssh("no", "no")).status).toBe("pass");
  });

  it("supported OS: by the table and the date", () => {
    const os = (id: string, version_id: string | null, pretty_name = `${id} ${version_id}`) => ({
      os: fact({ id, version_id, pretty_name }),
    });
    expect(releaseOf("rocky", "9.4")?.label).toBe("Enterprise Linux 9");
    expect(releaseOf("ubuntu", "23.10")).toBeNull();
    expect(run("supported_os", os("debian", "12"))).toMatchObject({
      status: "pass",
      reason: expect.stringMatching(/until 2028-06-30/),
    });
    expect(run("supported_os", os("ubuntu", "20.04"))).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/end of support on 2025-05-31/),
    });
    expect(run("supported_os", os("ubuntu", "23.10"))).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/only LTS/),
    });
    expect(run("supported_os", os("arch", null, "Arch Linux"))).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/not in Assay's table/),
    });
  });

  it("screen lock: not applicable on servers; off, too slow and never idle fail", () => {
    const lock = (desktop: boolean, lock_enabled: boolean | null, idle_delay_seconds: number | null) => ({
      screen_lock: fact({ desktop, lock_enabled, idle_delay_seconds }),
    });
    expect(run("screen_lock", lock(false, null, null)).status).toBe("not_applicable");
    expect(run("screen_lock", lock(true, true, 300))).toMatchObject({
      status: "pass",
      reason: "The screen locks after 5 minute(s) idle.",
    });
    expect(run("screen_lock", lock(true, false, 300)).status).toBe("fail");
    expect(run("screen_lock", lock(true, true, 1800))).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/after 30 minutes/),
    });
    expect(run("screen_lock", lock(true, true, 0))).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/never blanks/),
    });
  });
});
