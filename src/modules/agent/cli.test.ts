import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { parseOsRelease } from "../../agent/os-release.ts";
import { EXIT } from "../../cli/output.ts";
import { devices, resources, testStatusIntervals } from "../../db/schema/index.ts";
import { LINUX_AGENT_TESTS, platformOfTest } from "../../integrations/linux-agent/tests.ts";

/** The agent as an administrator runs it: the real bin/assay collecting THIS machine's facts, against a real listening server. */

vi.setConfig({ testTimeout: 120_000 });

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/assay");
const { ctx, app } = withTestApp();
let url: string;
let dir: string;
let owner: Awaited<ReturnType<typeof orgWithOwner>>;

beforeAll(async () => {
  url = await app.listen({ port: 0, host: "127.0.0.1" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-agent-"));
  owner = await orgWithOwner(app, ctx.db, "Agent Org");
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function assay(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(BIN, args, { env: { ...process.env, XDG_CONFIG_HOME: dir } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

const thisMachineId = fs.readFileSync("/etc/machine-id", "utf8").trim();
const thisOs = parseOsRelease(fs.readFileSync("/etc/os-release", "utf8"))!;

describe("assay agent enroll / report", () => {
  it("enrolls this machine, reports its real facts and the server records the device with its checks", async () => {
    const created = await owner.client.post("/api/v1/agent/enrollment-tokens", { name: "CI machines" });
    expect(created.statusCode).toBe(201);
    const { token } = created.json();
    const config = path.join(dir, "etc", "agent.json");

    const [badToken, notAToken, unreachable] = await Promise.all([
      assay(["agent", "enroll", "--url", url, "--token", "assay_enr_wrong", "--config", config]),
      assay(["agent", "enroll", "--url", url, "--token", "hunter2", "--config", config]),
      assay(["agent", "enroll", "--url", "http://127.0.0.1:1", "--token", token, "--config", config]),
    ]);
    expect(badToken).toMatchObject({
      code: EXIT.auth,
      stderr: expect.stringMatching(/did not accept the enrollment token.*unknown/),
    });
    expect(notAToken).toMatchObject({ code: EXIT.usage, stderr: expect.stringMatching(/start with assay_enr_/) });
    expect(unreachable).toMatchObject({
      code: EXIT.failure,
      stderr: expect.stringMatching(/Cannot reach the Assay server/),
    });
    expect(fs.existsSync(config)).toBe(false);

    const enrolled = await assay(
      ["agent", "enroll", "--url", url, "--token", "-", "--config", config, "--owner", "ops@example.test"],
      `${token}\n`,
    );
    expect(enrolled.stderr).toBe("");
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toContain(`Enrolled ${os.hostname()} in Agent Org (Linux endpoints)`);
    expect(fs.statSync(config).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(config, "utf8"));
    expect(stored).toMatchObject({ url, organization: "Agent Org" });
    expect(stored.deviceToken).toMatch(/^assay_dev_/);
    expect(enrolled.stdout).not.toContain(stored.deviceToken);

    const dry = await assay(["agent", "report", "--dry-run"]);
    expect(dry.code).toBe(0);
    const dryFacts = JSON.parse(dry.stdout);
    expect(dryFacts).toMatchObject({ hostname: os.hostname(), machine_id: thisMachineId, kernel: os.release() });
    expect(
      (await ctx.db.select().from(devices).where(eq(devices.organizationId, owner.org.id)))[0]!.lastReportAt,
    ).toBeNull();

    const reported = await assay(["agent", "report", "--config", config, "--json"]);
    expect(reported.stderr).toBe("");
    expect(reported.code).toBe(0);
    const answer = JSON.parse(reported.stdout);
    // The answer lists the Linux checks; the macOS and Windows ones are not applicable to this device.
    expect(answer.checks.map((c: { testId: string }) => c.testId).sort()).toEqual(
      LINUX_AGENT_TESTS.filter((t) => platformOfTest(t.id) === "linux")
        .map((t) => t.id)
        .sort(),
    );

    const [device] = await ctx.db.select().from(devices).where(eq(devices.organizationId, owner.org.id));
    expect(device).toMatchObject({ hostname: os.hostname(), machineId: thisMachineId, ownerEmail: "ops@example.test" });
    expect(device!.lastReportAt).not.toBeNull();
    const [resource] = await ctx.db.select().from(resources).where(eq(resources.id, device!.resourceId!));
    expect(resource).toMatchObject({ type: "device", externalId: thisMachineId, name: os.hostname() });
    const attrs = resource!.attributes as Record<string, { state: string; value?: Record<string, unknown> }>;
    expect(attrs.os).toMatchObject({ state: "detected", value: { id: thisOs.id, version_id: thisOs.version_id } });
    for (const key of ["disk_encryption", "firewall", "automatic_updates", "ssh", "screen_lock"])
      expect(["detected", "unknown"], key).toContain(attrs[key]!.state);
    const open = await ctx.db
      .select()
      .from(testStatusIntervals)
      .where(and(eq(testStatusIntervals.resourceId, resource!.id), isNull(testStatusIntervals.endedAt)));
    expect(open.map((o) => o.testId).sort()).toEqual(LINUX_AGENT_TESTS.map((t) => t.id).sort());
    for (const o of open) expect(o.reason.length, o.testId).toBeGreaterThan(10);
    // SSH: not applicable exactly when no sshd is installed here.
    const ssh = open.find((o) => o.testId === "linux_agent.ssh_root_login_disabled")!;
    expect(ssh.status === "not_applicable").toBe(attrs.ssh!.value?.installed === false);

    const human = await assay(["agent", "report", "--config", config]);
    expect(human.stdout).toMatch(new RegExp(`^Reported ${os.hostname()} to ${url}: \\d+ check\\(s\\) passing`));

    // Revoked by an admin: the next report says so and exits with the auth code.
    expect((await owner.client.post(`/api/v1/devices/${device!.id}/revoke`)).statusCode).toBe(200);
    const refused = await assay(["agent", "report", "--config", config]);
    expect(refused.code).toBe(EXIT.auth);
    expect(refused.stderr).toMatch(/401: This device was revoked in Assay.*Enroll this machine again/);
    const notEnrolled = await assay(["agent", "report", "--config", path.join(dir, "none.json")]);
    expect(notEnrolled).toMatchObject({ code: EXIT.usage, stderr: expect.stringMatching(/not enrolled/) });
  });
});

describe("assay agent install-timer", () => {
  it("writes a service and a timer that systemd-analyze accepts, and refuses bad intervals", async () => {
    const units = path.join(dir, "units");
    fs.mkdirSync(units);
    const config = path.join(dir, "agent.json");
    const res = await assay(["agent", "install-timer", "--interval", "30min", "--unit-dir", units, "--config", config]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const service = fs.readFileSync(path.join(units, "assay-agent.service"), "utf8");
    const timer = fs.readFileSync(path.join(units, "assay-agent.timer"), "utf8");
    expect(service).toContain(`ExecStart=${BIN} agent report --config ${config}`);
    expect(timer).toMatch(/OnUnitActiveSec=30min/);
    expect(timer).toMatch(/WantedBy=timers.target/);
    expect(res.stdout).toContain("systemctl enable --now assay-agent.timer");
    if (fs.existsSync("/usr/bin/systemd-analyze")) expect(res.stdout).toContain("the units are valid");

    const [bad, tooOften, noDir] = await Promise.all([
      assay(["agent", "install-timer", "--interval", "soon", "--unit-dir", units]),
      assay(["agent", "install-timer", "--interval", "1m", "--unit-dir", units]),
      assay(["agent", "install-timer", "--unit-dir", path.join(dir, "missing")]),
    ]);
    expect(bad).toMatchObject({ code: EXIT.usage, stderr: expect.stringMatching(/time span like 30min/) });
    expect(tooOften).toMatchObject({ code: EXIT.usage, stderr: expect.stringMatching(/at least 5min/) });
    expect(noDir).toMatchObject({ code: EXIT.usage, stderr: expect.stringMatching(/does not exist/) });
  });
});
