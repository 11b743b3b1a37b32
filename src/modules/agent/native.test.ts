/**
 * The native collectors end to end: the served install.sh runs FOR REAL on this machine (curl | sh, as the
 * enrolment page shows it) against a listening test server, enrols with an employee's personal token and posts
 * the raw outputs; the server parses them into the same checks as the Node agent. macOS and Windows reports are
 * recorded outputs posted through the same route.
 */
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { MACOS_COMMANDS } from "../../agent/native/macos.ts";
import { WINDOWS_COMMANDS } from "../../agent/native/windows.ts";
import { devices } from "../../db/schema/index.ts";
import { LINUX_AGENT_TESTS, platformOfTest } from "../../integrations/linux-agent/tests.ts";
import { collectPersonTasks } from "../../kernel/routines.ts";
import { seedPeople } from "../people/testing.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../integrations/linux-agent/fixtures");
const run = promisify(execFile);

let port = 0;
beforeAll(async () => {
  port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
});
const { ctx, app } = withTestApp(() => ({
  config: { ASSAY_PUBLIC_URL: `http://127.0.0.1:${port}`, ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 1000 },
}));
beforeAll(async () => {
  await app.listen({ port, host: "127.0.0.1" });
});

const sh = (command: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("sh", ["-c", command], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

async function employeeWithPerson() {
  const owner = await orgWithOwner(app, ctx.db);
  const email = `ada-${Date.now()}@example.test`;
  const employee = await member(app, ctx.db, owner.org.id, "employee", email);
  const [person] = await seedPeople(ctx.db, owner.org.id, [{ email, fullName: "Ada Lovelace" }]);
  return { ...owner, employee, person: person! };
}

describe("served scripts", () => {
  it("are generated with the public URL, typed, and pass sh -n and dash -n", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-sh-"));
    for (const file of ["install.sh", "collector.sh"]) {
      const res = await new TestClient(app).get(`/agent/${file}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/x-shellscript/);
      expect(res.body).toContain(`http://127.0.0.1:${port}`);
      expect(res.body).not.toContain("\\${");
      fs.writeFileSync(path.join(dir, file), res.body);
      await run("sh", ["-n", path.join(dir, file)]);
      if (fs.existsSync("/usr/bin/dash")) await run("dash", ["-n", path.join(dir, file)]);
    }
    for (const file of ["install.ps1", "collector.ps1"]) {
      const res = await new TestClient(app).get(`/agent/${file}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
      expect(res.body).toContain(`http://127.0.0.1:${port}`);
    }
  });

  it("the collectors run every command line the server's parsers look up", async () => {
    const sh = (await new TestClient(app).get("/agent/collector.sh")).body;
    for (const cmd of Object.values(MACOS_COMMANDS)) expect(sh).toContain(`  run ${cmd}\n`);
    const ps = (await new TestClient(app).get("/agent/collector.ps1")).body;
    for (const cmd of Object.values(WINDOWS_COMMANDS)) expect(ps).toContain(`Record '${cmd.replace(/'/g, "''")}' {`);
    // PowerShell cannot run here: at least its braces and parentheses balance.
    for (const [open, close] of [
      ["{", "}"],
      ["(", ")"],
    ] as const)
      expect(ps.split(open).length, open).toBe(ps.split(close).length);
  });

  it("the installer refuses a malformed token before using it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-agent-"));
    const r = await sh(
      `curl -fsSL http://127.0.0.1:${port}/agent/install.sh | sh -s -- 'assay_enr_x; touch ${dir}/pwned'`,
      {
        ASSAY_AGENT_DIR: dir,
        ASSAY_AGENT_SCHEDULE: "none",
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an Assay enrolment token/);
    expect(fs.existsSync(`${dir}/pwned`)).toBe(false);
    expect(fs.existsSync(`${dir}/agent.conf`)).toBe(false);
  });
});

describe("the Linux sh collector, for real", () => {
  it("enrols with a personal token, reports, and the device is the person's with parsed checks", async () => {
    const { employee, person, org, client } = await employeeWithPerson();
    const mine = await employee.client.post("/api/v1/me/devices/enrollment-token", {});
    expect(mine.statusCode, mine.body).toBe(201);
    const { token, commands } = mine.json() as { token: string; commands: Record<string, string> };
    expect(commands.linux).toBe(`curl -fsSL 'http://127.0.0.1:${port}/agent/install.sh' | sudo sh -s -- '${token}'`);
    expect(commands.windows).toContain(`irm 'http://127.0.0.1:${port}/agent/install.ps1' | iex`);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-agent-"));
    const r = await sh(commands.macos!, { ASSAY_AGENT_DIR: dir, ASSAY_AGENT_SCHEDULE: "none" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Enrolled .* in Assay/);
    expect(r.stdout).toMatch(/Reported to Assay/);
    expect(fs.statSync(`${dir}/agent.conf`).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(`${dir}/agent.conf`, "utf8")).toMatch(/^url=http:\/\/127\.0\.0\.1:\d+\ntoken=assay_dev_/);

    const list = (await employee.client.get("/api/v1/me/devices")).json();
    expect(list.person).toMatchObject({ id: person.id, fullName: "Ada Lovelace" });
    expect(list.devices).toHaveLength(1);
    const device = list.devices[0];
    expect(device).toMatchObject({
      platform: "linux",
      hostname: os.hostname(),
      status: expect.stringMatching(/passing|failing/),
    });
    expect(device.person.id).toBe(person.id);
    // Only the Linux checks, each evaluated from the outputs the script sent.
    expect(
      device.results.map((x: { testId: string }) => x.testId).every((id: string) => !/macos_|windows_/.test(id)),
    ).toBe(true);
    const os_ = device.results.find((x: { testId: string }) => x.testId === "linux_agent.supported_os");
    expect(os_.status).not.toBeNull();
    expect(os_.reason).not.toMatch(/Could not verify/);
    expect(device.facts.os.state).toBe("detected");
    expect(device.facts.platform).toBe("linux");

    // A second run of the collector reports again with the stored device token.
    const again = await sh(`sh '${dir}/assay-collector.sh'`, { ASSAY_AGENT_DIR: dir });
    expect(again.code, again.stderr).toBe(0);

    // The admin list shows the person and filters by platform and person.
    const byPerson = (await client.get(`/api/v1/devices?person=${person.id}&platform=linux`)).json();
    expect(byPerson.items.map((d: { id: string }) => d.id)).toEqual([device.id]);
    expect((await client.get("/api/v1/devices?platform=windows")).json().total).toBe(0);

    // Person tasks: enrolled; one fix task per failing check.
    const tasks = (await collectPersonTasks(ctx.db, org.id, [person.id], new Date())).get(person.id)!;
    const enrol = tasks.find((t) => t.id === "enrol")!;
    expect(enrol).toMatchObject({ state: "done", href: "/portal/devices", module: "agent" });
    const failing = device.results.filter((x: { status: string }) => x.status === "fail").length;
    expect(tasks.filter((t) => t.id.startsWith("fix:"))).toHaveLength(failing);
  }, 60_000);

  it("a personal token enrols one machine only, and members outside the directory are told what to do", async () => {
    const { org, employee, person } = await employeeWithPerson();
    const enrolTask = async () =>
      (await collectPersonTasks(ctx.db, org.id, [person.id], new Date()))
        .get(person.id)!
        .find((t) => t.id === "enrol")!;
    // No device monitoring in the organization yet: nobody is asked to enrol.
    expect(await enrolTask()).toBeUndefined();
    const { token } = (await employee.client.post("/api/v1/me/devices/enrollment-token", {})).json();
    expect(await enrolTask()).toMatchObject({ title: "Enrol your computer", state: "open", doneAt: null });
    const body = (m: string) => ({ token, hostname: "pc", machineId: m.repeat(32), platform: "windows" });
    expect((await new TestClient(app).post("/api/v1/agent/enroll", body("a"))).statusCode).toBe(201);
    // Enrolled but never reported: still to do; reported four days ago: enrol again.
    expect((await enrolTask()).state).toBe("open");
    await ctx.db
      .update(devices)
      .set({ lastReportAt: new Date(Date.now() - 4 * 86_400_000) })
      .where(eq(devices.personId, person.id));
    expect(await enrolTask()).toMatchObject({ title: expect.stringMatching(/again/), state: "open" });
    const second = await new TestClient(app).post("/api/v1/agent/enroll", body("b"));
    expect(second.statusCode).toBe(401);
    expect(second.json().detail).toMatch(/as many machines as it allows/);

    const stranger = await member(app, ctx.db, org.id, "employee");
    const refused = await stranger.client.post("/api/v1/me/devices/enrollment-token", {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "not_in_directory" });
    expect((await stranger.client.get("/api/v1/me/devices")).json()).toEqual({ person: null, devices: [] });
    // Employees see only their own devices.
    expect((await employee.client.get("/api/v1/devices")).statusCode).toBe(403);
  });
});

async function enrolled(platform: "macos" | "windows") {
  const { employee, person, org, client } = await employeeWithPerson();
  const { token } = (await employee.client.post("/api/v1/me/devices/enrollment-token", {})).json();
  const machineId = crypto.randomUUID().toUpperCase();
  const res = await new TestClient(app).post("/api/v1/agent/enroll", {
    token,
    hostname: `${platform}-1`,
    machineId: machineId.replace(/-/g, "").toLowerCase(),
    platform,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { employee, person, org, client, machineId, deviceToken: res.json().deviceToken as string };
}

/** Every check of one platform passing. */
const allPass = (platform: "macos" | "windows") =>
  Object.fromEntries(LINUX_AGENT_TESTS.filter((t) => platformOfTest(t.id) === platform).map((t) => [t.id, "pass"]));

/** testId → status of a report's answer (200 expected). */
function statuses(res: { statusCode: number; body: string; json(): { checks: { testId: string; status: string }[] } }) {
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries(res.json().checks.map((c) => [c.testId, c.status]));
}

const fixture = (platform: string, name: string) => fs.readFileSync(path.join(FIXTURES, platform, name), "utf8");

describe("macOS and Windows reports (recorded outputs)", () => {
  it("a Mac's outputs become the macOS checks of its device", async () => {
    const { deviceToken, machineId, client, employee } = await enrolled("macos");
    const outputs = [
      { name: "sw_vers", exit: 0, stdout: fixture("macos", "sw_vers-15.txt"), stderr: "" },
      { name: "fdesetup status", exit: 0, stdout: fixture("macos", "fdesetup-on.txt"), stderr: "" },
      {
        name: "/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate",
        exit: 0,
        stdout: fixture("macos", "socketfilterfw-off.txt"),
        stderr: "",
      },
      { name: "spctl --status", exit: 0, stdout: fixture("macos", "spctl-enabled.txt"), stderr: "" },
      {
        name: "softwareupdate --schedule",
        exit: 0,
        stdout: fixture("macos", "softwareupdate-schedule-on.txt"),
        stderr: "",
      },
      {
        name: "defaults read /Library/Preferences/com.apple.SoftwareUpdate",
        exit: 0,
        stdout: fixture("macos", "defaults-softwareupdate-all-on.txt"),
        stderr: "",
      },
      {
        name: "sysadminctl -screenLock status",
        exit: 0,
        stdout: "",
        stderr: fixture("macos", "sysadminctl-screenlock-immediate.txt"),
      },
      { name: "defaults -currentHost read com.apple.screensaver idleTime", exit: 0, stdout: "300\n", stderr: "" },
      { name: "pmset -g", exit: 0, stdout: fixture("macos", "pmset-g.txt"), stderr: "" },
    ];
    const res = await Object.assign(new TestClient(app), { bearer: deviceToken }).post("/api/v1/agent/collect", {
      schema: 1,
      platform: "macos",
      collector: "assay-sh/1",
      hostname: "macbook-ada",
      machine_id: machineId,
      kernel: "24.1.0",
      outputs,
    });
    const checks = statuses(res);
    // Only the macOS checks; the firewall fixture is the one that is off.
    expect(checks).toEqual({ ...allPass("macos"), "linux_agent.macos_firewall": "fail" });
    const [row] = await ctx.db.select().from(devices).where(eq(devices.hostname, "macbook-ada"));
    const detail = (await client.get(`/api/v1/devices/${row!.id}`)).json();
    expect(detail).toMatchObject({
      platform: "macos",
      os: "macOS 15.1",
      checks: { failing: 1, passing: 5, notApplicable: 0 },
    });
    expect(detail.results).toHaveLength(6);
    const mine = (await employee.client.get("/api/v1/me/devices")).json();
    expect(mine.devices[0].status).toBe("failing");
  });

  it("a Windows PC's outputs become the Windows checks; bad reports write nothing", async () => {
    const { deviceToken, machineId, client } = await enrolled("windows");
    const as = () => Object.assign(new TestClient(app), { bearer: deviceToken });
    const outputs = [
      ["Get-CimInstance Win32_OperatingSystem", "os-win11-24h2-enterprise.txt"],
      ["Get-BitLockerVolume -MountPoint C:", "bitlocker-on.txt"],
      ["Get-MpComputerStatus", "defender-on.txt"],
      ["Get-NetFirewallProfile", "firewall-all-on.txt"],
      ["Get-ItemProperty 'HKCU:\\Control Panel\\Desktop'", "screensaver-secure-600.txt"],
    ].map(([name, file]) => ({ name, exit: 0, stdout: fixture("windows", file!), stderr: "" }));
    outputs.push({
      name: "Get-ItemProperty HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU",
      exit: 1,
      stdout: "",
      stderr:
        "Cannot find path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU' because it does not exist.",
    });
    const report = {
      schema: 1,
      platform: "windows",
      collector: "assay-ps/1",
      hostname: "PC-ADA",
      machine_id: machineId,
      outputs,
    };
    // Wrong types, unknown fields and another machine's id are refused with nothing written.
    expect(
      (await as().post("/api/v1/agent/collect", { ...report, outputs: [{ name: "x", exit: "0", stdout: "" }] }))
        .statusCode,
    ).toBe(400);
    expect((await as().post("/api/v1/agent/collect", { ...report, extra: 1 })).statusCode).toBe(400);
    expect((await as().post("/api/v1/agent/collect", { ...report, machine_id: "not-hex" })).statusCode).toBe(400);
    const other = await as().post("/api/v1/agent/collect", { ...report, machine_id: "f".repeat(32) });
    expect(other.statusCode).toBe(409);
    expect((await new TestClient(app).post("/api/v1/agent/collect", report)).statusCode).toBe(401);
    const [before] = await ctx.db
      .select()
      .from(devices)
      .where(and(eq(devices.hostname, "windows-1")));
    expect(before!.lastReportAt).toBeNull();

    const res = await as().post("/api/v1/agent/collect", report);
    const checks = statuses(res);
    expect(checks).toEqual(allPass("windows"));
    const detail = (await client.get(`/api/v1/devices/${before!.id}`)).json();
    expect(detail).toMatchObject({ platform: "windows", os: "Microsoft Windows 11 Enterprise", hostname: "PC-ADA" });
  });

  it("admins assign a device to a person of their organization only", async () => {
    const { client, org } = await enrolled("windows");
    const [row] = await ctx.db
      .select()
      .from(devices)
      .where(and(eq(devices.organizationId, org.id)));
    const [bob] = await seedPeople(ctx.db, org.id, [{ fullName: "Bob Byte" }]);
    const assigned = await client.post(`/api/v1/devices/${row!.id}/assign`, { personId: bob!.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().person).toMatchObject({ id: bob!.id, fullName: "Bob Byte" });
    const other = await orgWithOwner(app, ctx.db);
    const [stranger] = await seedPeople(ctx.db, other.org.id, [{}]);
    const refused = await client.post(`/api/v1/devices/${row!.id}/assign`, { personId: stranger!.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("person_not_found");
    expect((await client.post(`/api/v1/devices/${row!.id}/assign`, { personId: null })).json().person).toBeNull();
  });
});
