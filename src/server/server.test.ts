import { describe, expect, it } from "vitest";
import { withTestApp } from "../../test/app.ts";
import { TestClient } from "../../test/client.ts";

const { app } = withTestApp();

describe("server basics", () => {
  it("answers liveness and readiness", async () => {
    const c = new TestClient(app);
    expect((await c.get("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await c.get("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe("ready");
  });

  it("returns problem+json with a stable code and a request id for unknown API routes", async () => {
    const res = await new TestClient(app).get("/api/v1/does-not-exist");
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const body = res.json();
    expect(body.code).toBe("route_not_found");
    expect(body.requestId).toBe(res.headers["x-request-id"]);
  });

  it("serves an OpenAPI 3.1 document", async () => {
    const res = await new TestClient(app).get("/api/openapi.json");
    expect(res.json().openapi).toBe("3.1.0");
  });

  it("sends security headers with a strict script policy", async () => {
    const res = await new TestClient(app).get("/healthz");
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });
});
