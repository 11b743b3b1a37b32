import { sql } from "drizzle-orm";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, dbKind, type TestContext } from "../../test/context.ts";
import { installErrorHandling } from "./errors.ts";

/**
 * The error handler's last line of defence for values the database refuses: the edge check (text-guard.ts) stops
 * NUL characters and surrogates first, so these routes send the queries directly, to the real database.
 */
let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = Fastify({ logger: false });
  installErrorHandling(app);
  const query = (q: ReturnType<typeof sql>) => async () => {
    await ctx.db.execute(q);
    return { ok: true };
  };
  app.get("/nul-in-text", query(sql`select ${"a\u0000b"}::text as x`));
  app.get("/surrogate-in-json", query(sql`select ${'{"a":"\\ud800"}'}::jsonb as x`));
  app.get("/nul-in-json", query(sql`select ${'{"a":"\\u0000"}'}::jsonb as x`));
  app.get("/bad-id", query(sql`select ${"not-a-uuid"}::uuid as x`));
  app.get("/year-zero", query(sql`select ${"0000-01-01T00:00:00.000Z"}::timestamptz as x`));
  app.get("/bad-time", query(sql`select ${"2025-02-30T25:00:00Z"}::timestamptz as x`));
  app.get("/literal-in-our-sql", query(sql`select 'not-a-uuid'::uuid as x`));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe(`values the database refuses (${dbKind})`, () => {
  it.each([
    ["/nul-in-text", "22021"],
    ["/surrogate-in-json", "22P02"],
    ["/nul-in-json", "22P05"],
    ["/bad-id", "22P02"],
    ["/year-zero", "22008"],
    ["/bad-time", "22008"],
  ])("%s (SQLSTATE %s, raised while binding a parameter) answers 400 invalid_value without any SQL", async (url) => {
    const res = await app.inject({ method: "GET", url });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().code).toBe("invalid_value");
    expect(res.body).not.toMatch(/select|uuid|jsonb|timestamptz|byte sequence|portal|parameter \$/i);
  });

  it("the same refusal of a literal in our own SQL stays a 500 (a defect, not bad input)", async () => {
    const res = await app.inject({ method: "GET", url: "/literal-in-our-sql" });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe("internal_error");
  });
});
