/** The macOS and Windows parsers on recorded outputs (fixtures/README.md says where each came from). */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  automaticUpdatesFrom,
  macFacts,
  parseDefaults,
  parseDisplaySleep,
  parseFdesetup,
  parseSchedule,
  parseScreenLockStatus,
  parseSocketFilter,
  parseSpctl,
  parseSwVers,
} from "../../agent/native/macos.ts";
import { type RecordedOutput, recordedProbe, runResultOf } from "../../agent/native/recorded.ts";
import { factsOfNativeReport, nativeReport } from "../../agent/native/report.ts";
import {
  bitlockerFromCmdlet,
  bitlockerFromManageBde,
  defenderFrom,
  firewallFrom,
  jsonOf,
  screenLockFrom,
  updatesFrom,
  windowsFacts,
} from "../../agent/native/windows.ts";
import type { ResourceInput } from "../types.ts";
import { LINUX_AGENT_TESTS } from "./tests.ts";

const read = (p: string, f: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", p, f), "utf8");
const mac = (f: string) => read("macos", f);
const win = (f: string) => read("windows", f);
const winJson = (f: string) => jsonOf(win(f)) as Record<string, unknown>;
const out = (name: string, stdout: string, exit = 0, stderr = ""): RecordedOutput => ({ name, exit, stdout, stderr });
const evaluate = (id: string, attributes: Record<string, unknown>) =>
  LINUX_AGENT_TESTS.find((t) => t.id === `linux_agent.${id}`)!.evaluate(
    { type: "device", externalId: "x", name: "x", attributes } as ResourceInput,
    { config: {} },
  );

describe("macOS parsers", () => {
  it("sw_vers: current and old product names", () => {
    expect(parseSwVers(mac("sw_vers-15.txt"))).toEqual({ name: "macOS", version: "15.1", build: "24B83" });
    expect(parseSwVers(mac("sw_vers-10.15.txt"))).toEqual({ name: "Mac OS X", version: "10.15.7", build: "19H2026" });
    expect(parseSwVers("garbage")).toBeNull();
  });

  it("fdesetup: on, off, conversion under way, deferred enablement", () => {
    expect(parseFdesetup(mac("fdesetup-on.txt"))?.enabled).toBe(true);
    expect(parseFdesetup(mac("fdesetup-off.txt"))?.enabled).toBe(false);
    expect(parseFdesetup(mac("fdesetup-encrypting.txt"))).toMatchObject({
      enabled: false,
      detail: expect.stringMatching(/Encryption in progress: Percent completed = 37\.2/),
    });
    expect(parseFdesetup(mac("fdesetup-deferred.txt"))?.enabled).toBe(true);
    expect(parseFdesetup("Error: unknown")).toBeNull();
  });

  it("firewall, Gatekeeper and the update schedule, old and new wording", () => {
    expect(parseSocketFilter(mac("socketfilterfw-on.txt"))?.enabled).toBe(true);
    expect(parseSocketFilter(mac("socketfilterfw-off.txt"))?.enabled).toBe(false);
    expect(parseSocketFilter(mac("socketfilterfw-block-all.txt"))?.enabled).toBe(true);
    expect(parseSpctl(mac("spctl-enabled.txt"))?.enabled).toBe(true);
    expect(parseSpctl(mac("spctl-disabled.txt"))?.enabled).toBe(false);
    expect(parseSchedule(mac("softwareupdate-schedule-on.txt"))).toBe(true);
    expect(parseSchedule(mac("softwareupdate-schedule-off-new.txt"))).toBe(false);
    expect(parseSchedule("Password:")).toBeNull();
  });

  it("automatic updates: every switch on, security responses off, keys left at macOS's defaults", () => {
    const all = parseDefaults(mac("defaults-softwareupdate-all-on.txt"));
    expect(all.get("CriticalUpdateInstall")).toBe("1");
    expect(all.has("PrimaryLanguages")).toBe(false);
    expect(automaticUpdatesFrom(true, all).enabled).toBe(true);
    expect(automaticUpdatesFrom(true, parseDefaults(mac("defaults-softwareupdate-critical-off.txt")))).toEqual({
      enabled: false,
      detail: "Turned off: AutomaticDownload, CriticalUpdateInstall.",
    });
    expect(automaticUpdatesFrom(null, parseDefaults(mac("defaults-softwareupdate-sparse.txt")))).toMatchObject({
      enabled: true,
      detail: expect.stringMatching(/Not set \(macOS's default, on\): AutomaticCheckEnabled/),
    });
    expect(automaticUpdatesFrom(false, null).enabled).toBe(false);
  });

  it("screen lock: immediate, delayed, off; display sleep", () => {
    expect(parseScreenLockStatus(mac("sysadminctl-screenlock-immediate.txt"))).toEqual({ lock: true, delay: 0 });
    expect(parseScreenLockStatus(mac("sysadminctl-screenlock-300.txt"))).toEqual({ lock: true, delay: 300 });
    expect(parseScreenLockStatus(mac("sysadminctl-screenlock-off.txt"))).toEqual({ lock: false, delay: null });
    expect(parseDisplaySleep(mac("pmset-g.txt"))).toBe(10);
    expect(parseDisplaySleep(mac("pmset-g-never.txt"))).toBe(0);
  });

  it("facts and checks from a whole set of outputs; a missing command is unknown, never a pass", () => {
    const facts = macFacts([
      out("sw_vers", mac("sw_vers-10.15.txt")),
      out("fdesetup status", mac("fdesetup-encrypting.txt")),
      out("sysadminctl -screenLock status", "", 0, mac("sysadminctl-screenlock-300.txt")),
      out("defaults -currentHost read com.apple.screensaver idleTime", "900"),
      out("pmset -g", mac("pmset-g-never.txt")),
      out("spctl --status", "", 127),
    ]);
    const attrs = { platform: "macos", ...facts };
    expect(evaluate("macos_filevault", attrs).status).toBe("fail");
    expect(evaluate("macos_supported_os", attrs)).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/10\.15\.7 is not in/),
    });
    // 15 minutes of screen saver plus 5 before the password: too late.
    expect(evaluate("macos_screen_lock", attrs)).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/only after 20 minutes/),
    });
    expect(evaluate("macos_gatekeeper", attrs)).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/Could not verify Gatekeeper: spctl --status is not available/),
    });
    expect(evaluate("macos_firewall", attrs).reason).toMatch(/did not run/);
    expect(facts.automatic_updates.state).toBe("unknown");
    // A Mac's facts are not judged by the Linux checks.
    expect(evaluate("disk_encryption", attrs)).toMatchObject({
      status: "not_applicable",
      reason: expect.stringMatching(/for Linux; this device runs macOS/),
    });
  });
});

describe("Windows parsers", () => {
  it("BitLocker from the cmdlet: names or numbers; suspended protection is not protected", () => {
    expect(bitlockerFromCmdlet(winJson("bitlocker-on.txt")).encrypted).toBe(true);
    expect(bitlockerFromCmdlet(winJson("bitlocker-suspended.txt"))).toMatchObject({
      encrypted: false,
      protection: "Off",
    });
    expect(bitlockerFromCmdlet(winJson("bitlocker-off-numeric.txt"))).toMatchObject({
      encrypted: false,
      protection: "Off",
      conversion: "FullyDecrypted",
    });
  });

  it("manage-bde in English and German; another language is not guessed", () => {
    expect(bitlockerFromManageBde(win("manage-bde-on-en.txt"))).toMatchObject({ encrypted: true, percent: 100 });
    expect(bitlockerFromManageBde(win("manage-bde-off-de.txt"))).toMatchObject({
      encrypted: false,
      protection: "Off",
      percent: 0,
    });
    expect(bitlockerFromManageBde(win("manage-bde-fr.txt"))).toBeNull();
  });

  it("Defender, firewall profiles, update policy, screen lock", () => {
    expect(defenderFrom(winJson("defender-on.txt"))).toMatchObject({ realtime: true, signature_age_days: 0 });
    expect(defenderFrom(winJson("defender-realtime-off.txt")).realtime).toBe(false);
    expect(defenderFrom(winJson("defender-stale.txt")).signature_age_days).toBe(23);
    expect(defenderFrom(winJson("defender-passive-third-party.txt"))).toMatchObject({
      realtime: false,
      signature_age_days: null,
    });
    expect(firewallFrom(jsonOf(win("firewall-all-on.txt"))!)?.active).toBe(true);
    expect(firewallFrom(jsonOf(win("firewall-private-off-numeric.txt"))!)).toMatchObject({
      active: false,
      detail: "Turned off for the Private profile(s).",
    });
    expect(updatesFrom(winJson("au-policy-4.txt"), 1).enabled).toBe(true);
    expect(updatesFrom(winJson("au-policy-3.txt"), 1)).toMatchObject({
      enabled: false,
      detail: expect.stringMatching(/ask before installing/),
    });
    expect(updatesFrom(winJson("au-policy-disabled.txt"), 1).enabled).toBe(false);
    expect(updatesFrom(null, 1).enabled).toBe(true);
    expect(updatesFrom(null, 3).enabled).toBe(false);
    expect(screenLockFrom(null, null, winJson("screensaver-secure-600.txt"))).toMatchObject({
      lock_enabled: true,
      idle_seconds: 600,
    });
    expect(screenLockFrom(null, null, winJson("screensaver-not-secure.txt")).lock_enabled).toBe(false);
    expect(screenLockFrom(winJson("inactivity-900.txt"), null, winJson("screensaver-not-secure.txt"))).toMatchObject({
      lock_enabled: true,
      idle_seconds: 900,
    });
  });

  it("facts and checks: Windows 10 is past support, an old signature fails, manage-bde is the fallback", () => {
    const facts = windowsFacts([
      out("Get-CimInstance Win32_OperatingSystem", win("os-win10-22h2-pro.txt")),
      out("Get-BitLockerVolume -MountPoint C:", "", 1, "Get-BitLockerVolume : Access denied"),
      out("manage-bde -status C:", win("manage-bde-on-en.txt")),
      out("Get-MpComputerStatus", win("defender-stale.txt")),
      out("Get-NetFirewallProfile", win("firewall-private-off-numeric.txt")),
    ]);
    const attrs = { platform: "windows", ...facts };
    expect(evaluate("windows_supported_os", attrs)).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/end of support on 2025-10-14/),
    });
    expect(evaluate("windows_bitlocker", attrs).status).toBe("pass");
    expect(facts.disk_encryption.state === "detected" && facts.disk_encryption.method).toBe("manage-bde -status C:");
    expect(evaluate("windows_defender", attrs)).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/out of date/),
    });
    expect(evaluate("windows_firewall", attrs).status).toBe("fail");
    expect(evaluate("windows_automatic_updates", attrs).reason).toMatch(/Could not verify automatic updates/);
    expect(evaluate("windows_screen_lock", attrs).status).toBe("fail");
    expect(
      evaluate("windows_supported_os", {
        platform: "windows",
        os: {
          state: "detected",
          method: "x",
          value: { caption: "Microsoft Windows Server 2022 Datacenter", build: 20348, product_type: 3 },
        },
      }).status,
    ).toBe("pass");
    expect(evaluate("macos_filevault", attrs).status).toBe("not_applicable");
  });
});

describe("recorded outputs", () => {
  it("exit codes read as the Node agent's runner: missing, permission, timeout, failed", () => {
    expect(runResultOf(out("nft list ruleset", "", 127))).toMatchObject({
      ok: false,
      kind: "missing",
      message: "nft is not installed",
    });
    expect(runResultOf(out("nft list ruleset", "", 1, "Operation not permitted (you must be root)"))).toMatchObject({
      kind: "permission",
    });
    expect(runResultOf(out("lsblk -J", "", 124))).toMatchObject({ kind: "timeout" });
    expect(runResultOf(out("ufw status", "", 1, "ERROR: boom"))).toMatchObject({
      kind: "failed",
      message: "ufw: ERROR: boom",
    });
  });

  it("files: present, absent, unreadable, not collected; folders", () => {
    const p = recordedProbe(
      [
        out("cat /etc/os-release", "ID=debian\n"),
        out("cat /etc/apt/apt.conf", "", 1, "cat: /etc/apt/apt.conf: No such file or directory"),
        out("cat /etc/shadow", "", 1, "cat: /etc/shadow: Permission denied"),
        out("ls -1A /etc/dconf/db", "local.d\nsite\n"),
      ],
      { isRoot: false },
    );
    expect(p.read("/etc/os-release")).toBe("ID=debian\n");
    expect(p.read("/etc/apt/apt.conf")).toBeNull();
    expect(() => p.read("/etc/shadow")).toThrow(expect.objectContaining({ code: "EACCES" }));
    expect(() => p.read("/etc/other")).toThrow(/did not send/);
    expect(p.list("/etc/dconf/db")).toEqual(["local.d", "site"]);
    expect(p.list("/nowhere")).toBeNull();
  });

  it("a Linux report runs the agent's own detectors over the outputs", async () => {
    const report = nativeReport.parse({
      schema: 1,
      platform: "linux",
      collector: "assay-sh/1",
      hostname: "box",
      machine_id: "3D1219C7-C4C5-404A-AA1F-6D2A48ADFDA4",
      is_root: true,
      outputs: [
        out("cat /etc/os-release", 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'),
        out("ufw status", "Status: active\n"),
        out("sshd -T", "", 127),
      ],
    });
    expect(report.machine_id).toBe("3d1219c7c4c5404aaa1f6d2a48adfda4");
    const { platform, facts } = await factsOfNativeReport(report);
    expect(platform).toBe("linux");
    if (platform !== "linux") return;
    expect(facts.os.state).toBe("detected");
    expect(facts.firewall).toMatchObject({ state: "detected", value: { active: true, tool: "ufw" } });
    expect(facts.ssh).toMatchObject({ state: "detected", value: { installed: false } });
    expect(facts.disk_encryption).toMatchObject({ state: "unknown", reason: expect.stringMatching(/did not send/) });
  });
});
