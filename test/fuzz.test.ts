/**
 * OpenAPI-driven fuzzing: every operation of /api/openapi.json gets requests generated from its own schemas
 * (test/openapi-fuzz.ts), as an organization owner (so access checks pass and handlers run) and anonymously. Any
 * 5xx fails the file, listing each operation and request with the seed that reproduces the run. A second test
 * sweeps every text value and parameter of every operation with a NUL character, one at a time.
 *
 *   FUZZ_RUNS=200 npx vitest run test/fuzz.test.ts                 more requests per operation (default 20)
 *   FUZZ_SEED=random npx vitest run test/fuzz.test.ts              another sequence than CI's fixed one
 *   FUZZ_SEED=123 FUZZ_ONLY="POST /api/v1/programs" npx vitest …   replay one operation of a failed run
 */

import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { memberships } from "../src/db/schema/index.ts";
import { seedDevice, seedEnrollmentToken } from "../src/modules/agent/testing.ts";
import { seedStatement } from "../src/modules/evidence/testing.ts";
import {
  seedConnection,
  seedCustomTest,
  seedException,
  seedResource,
  seedSync,
} from "../src/modules/monitoring/testing.ts";
import { seedRichProgram } from "../src/modules/program-code/testing.ts";
import { withTestApp } from "./app.ts";
import { TestClient } from "./client.ts";
import { leavesOf } from "./fuzz-values.ts";
import { arbitraries, type FuzzRequest, type Operation, operationsOf } from "./openapi-fuzz.ts";
import { member, orgWithOwner, seedApiToken, seedInvitation, seedJob } from "./people.ts";

const { ctx, app } = withTestApp();

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
/** Fixed by default so CI is repeatable; `FUZZ_SEED=random` explores (print the seed it chose to replay a find). */
const SEED =
  process.env.FUZZ_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20261207);
const ONLY = process.env.FUZZ_ONLY;
/** A request that takes longer than this is reported like a 5xx (a hang is a defect too). */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Operations the owner does not fuzz. Anonymous requests still reach them (and must be refused, not crash).
 * - sign-out and sign-out-everywhere end the owner's own session: every later request would be anonymous.
 * None is skipped for time: the slowest operation takes about 250 ms a request. Nothing leaves the machine:
 * generated URLs use the reserved .test domain (webhooks, connectors), which never resolves.
 */
const OWNER_SKIPS = new Set(["POST /api/v1/auth/sign-out", "POST /api/v1/auth/sign-out-everywhere"]);

const opKey = (op: Pick<Operation, "method" | "path">) => `${op.method} ${op.path}`;
const opSeed = (key: string) => [...key].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);

/** What a request was, short enough to print (huge strings are cut, control characters escaped). */
function describeRequest(r: FuzzRequest): string {
  const body =
    r.body === undefined
      ? ""
      : "json" in r.body
        ? JSON.stringify(r.body.json)
        : "raw" in r.body
          ? JSON.stringify(r.body.raw)
          : JSON.stringify(r.body.multipart.toString("latin1"));
  const cut = (s: string) => (s.length > 600 ? `${s.slice(0, 300)}…(${s.length} chars)…${s.slice(-300)}` : s);
  return `${r.method} ${cut(r.url)} ${cut(body ?? "")}`.trim();
}

async function send(client: TestClient, r: FuzzRequest) {
  const headers: Record<string, string> = {};
  let payload: unknown;
  if (r.body && "json" in r.body) payload = r.body.json === undefined ? null : r.body.json;
  if (r.body && "raw" in r.body) {
    payload = r.body.raw;
    headers["content-type"] = "application/json";
  }
  if (r.body && "multipart" in r.body) {
    payload = r.body.multipart;
    headers["content-type"] = `multipart/form-data; boundary=${r.body.boundary}`;
  }
  if (payload !== undefined && !headers["content-type"]) {
    payload = JSON.stringify(payload);
    headers["content-type"] = "application/json";
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      client.request(r.method as "GET", r.url, payload, { headers, payload: payload as string }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Everything the owner can list, so path parameters and uuid fields can name real records. */
async function seedFixtures() {
  const o = await orgWithOwner(app, ctx.db);
  const colleague = await member(app, ctx.db, o.org.id, "control_owner");
  const program = await seedRichProgram(ctx.db, o.org.id, o.user.id, colleague.user.id);
  await seedStatement(ctx, o.org.id, o.user.id, { programId: program.id, controls: ["GOV-01"] });
  await seedInvitation(ctx.db, o.org.id);
  await seedApiToken(ctx.db, o.user.id, o.org.id);
  await seedJob(ctx.db, o.org.id);
  const connection = await seedConnection(ctx.db, o.org.id, o.user.id);
  await seedResource(ctx.db, o.org.id, connection.id);
  await seedSync(ctx.db, o.org.id, connection.id);
  await seedCustomTest(ctx.db, o.org.id, o.user.id);
  await seedException(ctx.db, o.org.id, {
    testId: "people.manager_known",
    approverUserId: o.user.id,
    createdBy: colleague.user.id,
  });
  const agent = await seedConnection(ctx.db, o.org.id, o.user.id, { type: "linux_agent", name: "Linux", config: {} });
  await seedEnrollmentToken(ctx.db, o.org.id, agent.id);
  const device = await seedDevice(ctx.db, o.org.id, agent.id);
  return { owner: o, deviceToken: device.token };
}

/** Real values for an operation's path parameters, found by listing the collection each one indexes. */
function parameterFinder(owner: TestClient, seenIds: Set<string>) {
  const cache = new Map<string, unknown>();
  async function getJson(path: string): Promise<unknown> {
    if (!cache.has(path)) {
      const res = await owner.get(path);
      cache.set(path, res.statusCode === 200 && res.headers["content-type"]?.includes("json") ? res.json() : null);
    }
    return cache.get(path);
  }
  /** Values of `name` (or of `id`/`key` in list items) anywhere in a JSON document. */
  function valuesOf(doc: unknown, name: string): string[] {
    const named: string[] = [];
    const items: string[] = [];
    const stack = [doc];
    while (stack.length) {
      const v = stack.pop();
      if (typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v)) seenIds.add(v);
      if (!v || typeof v !== "object") continue;
      const o = v as Record<string, unknown>;
      if (typeof o[name] === "string") named.push(o[name] as string);
      for (const k of ["id", "key", "testId"]) if (typeof o[k] === "string") items.push(o[k] as string);
      stack.push(...Object.values(o));
    }
    return [...new Set(named.length ? named : items)].slice(0, 4);
  }
  return async (op: Operation): Promise<Record<string, string[]>> => {
    const found: Record<string, string[]> = {};
    const filled: string[] = [];
    for (const segment of op.path.split("/")) {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) {
        filled.push(segment);
        continue;
      }
      const at = filled.join("/");
      const values = valuesOf(await getJson(at), name);
      const parent = values.length ? values : valuesOf(await getJson(filled.slice(0, -1).join("/")), name);
      found[name] = parent;
      filled.push(parent[0] ?? "00000000-0000-7000-8000-000000000000");
    }
    return found;
  };
}

interface Setup {
  owner: Awaited<ReturnType<typeof orgWithOwner>>;
  device: TestClient;
  doc: Parameters<typeof operationsOf>[0] & Parameters<typeof arbitraries>[0];
  /** Real values for each operation's path parameters. */
  known: Map<string, Record<string, string[]>>;
  fuzz: ReturnType<typeof arbitraries>;
}
let setup: Setup;

beforeAll(async () => {
  const { owner, deviceToken } = await seedFixtures();
  const doc = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json();
  // Real ids are found for every operation before any is fuzzed, so that one seed generates the same requests
  // (the same records, by creation order) with or without FUZZ_ONLY.
  const seenIds = new Set<string>([owner.org.id, owner.user.id]);
  const findParameters = parameterFinder(owner.client, seenIds);
  const known = new Map<string, Record<string, string[]>>();
  for (const op of operationsOf(doc)) known.set(opKey(op), await findParameters(op));
  const ids = [...seenIds].sort();
  const device = new TestClient(app);
  device.bearer = deviceToken;
  setup = { owner, device, doc, known, fuzz: arbitraries(doc, () => ids) };
}, 120_000);

/**
 * Puts the owner back as the fuzz needs them (signed in, owner of the fixture organization) when an operation
 * changed that: signing out, a role change through the colleague, switching organizations. Legitimate outcomes,
 * not failures, but they would leave every later operation tested as a 401 or 403 only; the summary lists them.
 */
async function restoreOwner(after: string): Promise<string | null> {
  const { owner } = setup;
  const res = await owner.client.get("/api/v1/auth/session");
  const session = res.statusCode === 200 ? (res.json() as { role: string; organization: { id: string } | null }) : null;
  if (session?.role === "owner" && session.organization?.id === owner.org.id) return null;
  await ctx.db.update(memberships).set({ role: "owner" }).where(eq(memberships.id, owner.membershipId));
  await owner.client.actAs(ctx.db, owner.user.id, owner.org.id);
  return `${after}: ${session ? `role ${session.role} in ${session.organization?.id}` : `session ended (${res.statusCode})`}`;
}

const replay = (failures: string[], how: string) =>
  `${failures.length} requests answered 5xx. ${how}\n${failures.join("\n")}`;

it(
  "no operation answers 5xx to malformed or hostile requests",
  async () => {
    const started = Date.now();
    const { owner, device, known, fuzz } = setup;
    const operations = operationsOf(setup.doc).filter((op) => !ONLY || opKey(op) === ONLY);
    const failures: string[] = [];
    const durations: [string, number][] = [];
    const statuses = new Map<number, number>();
    const notes: string[] = [];
    let sent = 0;
    for (const op of operations) {
      const key = opKey(op);
      const opStarted = Date.now();
      const requests = fc.sample(
        fuzz.request(op, () => known.get(key) ?? {}),
        { numRuns: RUNS, seed: opSeed(key) },
      );
      const identities: [string, TestClient, FuzzRequest[]][] = [
        ["anonymous", new TestClient(app), requests.slice(0, Math.ceil(RUNS / 3))],
      ];
      if (!OWNER_SKIPS.has(key)) identities.push(["owner", owner.client, requests]);
      if (key === "POST /api/v1/agent/report") identities.push(["device", device, requests]);
      for (const [who, client, batch] of identities)
        for (const r of batch) {
          sent++;
          const res = await send(client, r).catch((err: Error) => ({ statusCode: 599, body: err.message }));
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500)
            failures.push(`${key} as ${who} → ${res.statusCode} ${res.body.slice(0, 300)}\n    ${describeRequest(r)}`);
        }
      durations.push([key, Date.now() - opStarted]);
      const restored = await restoreOwner(key);
      if (restored) notes.push(restored);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const slowest = durations
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, ms]) => `${k} ${ms} ms`);
    console.log(
      `fuzz: ${operations.length} operations, ${sent} requests, ${failures.length} 5xx, ${seconds} s (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`,
      `\n  answers: ${[...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([code, n]) => `${code}×${n}`)
        .join(" ")}`,
      `\n  slowest: ${slowest.join(", ")}`,
      notes.length ? `\n  owner restored after: ${notes.join("; ")}` : "",
    );
    const how = `Replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} (FUZZ_ONLY="<METHOD> <path>" for one operation):`;
    expect(failures, replay(failures, how)).toEqual([]);
  },
  10 * 60_000,
);

it(
  "a NUL in any one text value or parameter of any operation answers 4xx",
  async () => {
    const { owner, known, fuzz } = setup;
    const failures: string[] = [];
    let sent = 0;
    for (const op of operationsOf(setup.doc)) {
      const key = opKey(op);
      if (OWNER_SKIPS.has(key)) continue;
      const real = known.get(key) ?? {};
      const pathWith = (poisoned?: string) =>
        op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === poisoned ? "a%00b" : encodeURIComponent(real[name]?.[0] ?? "00000000-0000-7000-8000-000000000000"),
        );
      const body = op.body ? fuzz.example(op.body) : undefined;
      const cases: { where: string; request: FuzzRequest }[] = [];
      const withBody = (url: string): FuzzRequest => ({
        method: op.method,
        url,
        ...(op.body ? { body: { json: body } } : {}),
      });
      for (const p of op.parameters.filter((x) => x.in === "path"))
        cases.push({ where: `path ${p.name}`, request: withBody(pathWith(p.name)) });
      for (const p of op.parameters.filter((x) => x.in === "query"))
        cases.push({ where: `query ${p.name}`, request: withBody(`${pathWith()}?${p.name}=a%00b`) });
      for (const leaf of leavesOf(body).filter((l) => l.kind === "string" && l.path.length)) {
        const copy = structuredClone(body) as Record<string | number, unknown>;
        const parent = leaf.path.slice(0, -1).reduce((o, k) => o[k] as typeof copy, copy);
        const last = leaf.path.at(-1)!;
        parent[last] = `${parent[last]}\u0000`;
        cases.push({
          where: `body ${leaf.path.join(".")}`,
          request: { method: op.method, url: pathWith(), body: { json: copy } },
        });
      }
      for (const { where, request } of cases) {
        sent++;
        const res = await send(owner.client, request);
        if (res.statusCode >= 500)
          failures.push(`${key} ${where} → ${res.statusCode}\n    ${describeRequest(request)}`);
      }
      await restoreOwner(key);
    }
    console.log(`NUL sweep: ${sent} requests, ${failures.length} 5xx`);
    expect(failures, replay(failures, "Each request had one NUL:")).toEqual([]);
  },
  5 * 60_000,
);
