import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { seedUser, TEST_PASSWORD } from "../../../test/seed.ts";
import { loadConfig } from "../../platform/config.ts";
import { buildApp } from "../../server/app.ts";

const { ctx } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 } });

/** The session cookie's Secure flag on sign-in and on sign-out, for an app with these settings and this request. */
async function secureFlags(env: { ASSAY_PUBLIC_URL: string; ASSAY_TRUST_PROXY: string }, forwardedProto?: string) {
  const config = loadConfig({ ...env, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv, {
    ASSAY_DATA_DIR: ctx.config.ASSAY_DATA_DIR,
    ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000,
  });
  const app = await buildApp({ ...ctx, config }, { logger: false });
  try {
    const user = await seedUser(ctx.db, null);
    const c = new TestClient(app);
    const headers = forwardedProto ? { "x-forwarded-proto": forwardedProto } : {};
    const signIn = await c.post("/api/v1/auth/sign-in", { email: user.email, password: TEST_PASSWORD }, { headers });
    expect(signIn.statusCode).toBe(200);
    const signOut = await c.post("/api/v1/auth/sign-out", {}, { headers });
    expect(signOut.statusCode).toBe(204);
    const flag = (res: typeof signIn) => res.cookies.find((k) => k.name === "assay_session")?.secure === true;
    return [flag(signIn), flag(signOut)];
  } finally {
    await app.close();
  }
}

describe("the session cookie", () => {
  it("is Secure whenever the public URL is https, whatever X-Forwarded-Proto or trust-proxy say", async () => {
    const https = "https://assay.example.test";
    for (const trust of ["true", "false"])
      for (const proto of [undefined, "http", "https"])
        expect(
          await secureFlags({ ASSAY_PUBLIC_URL: https, ASSAY_TRUST_PROXY: trust }, proto),
          `trust proxy ${trust}, X-Forwarded-Proto ${proto ?? "absent"}`,
        ).toEqual([true, true]);
  });

  it("follows the request behind a trusted proxy when the public URL is plain http", async () => {
    const http = "http://localhost:3000";
    expect(await secureFlags({ ASSAY_PUBLIC_URL: http, ASSAY_TRUST_PROXY: "false" })).toEqual([false, false]);
    expect(await secureFlags({ ASSAY_PUBLIC_URL: http, ASSAY_TRUST_PROXY: "false" }, "https")).toEqual([false, false]);
    expect(await secureFlags({ ASSAY_PUBLIC_URL: http, ASSAY_TRUST_PROXY: "true" }, "https")).toEqual([true, true]);
  });
});
