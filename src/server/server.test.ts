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

  it("describes only the API, every operation named, its errors as problem+json", async () => {
    const doc = (await new TestClient(app).get("/api/openapi.json")).json();
    expect(doc.servers).toEqual([expect.objectContaining({ url: "/" })]);
    expect(doc.info.license.name).toBeTruthy();
    const paths = Object.keys(doc.paths);
    expect(paths.filter((p) => !p.startsWith("/api/v1/"))).toEqual([]);
    const operations = paths.flatMap((p) => Object.entries(doc.paths[p]).map(([method, op]) => ({ p, method, op })));
    const ids = operations.map(({ op }) => (op as { operationId?: string }).operationId);
    expect(ids.filter((id) => !id || !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { p, method, op } of operations) {
      const responses = (op as { responses: Record<string, { content?: Record<string, unknown> }> }).responses;
      const errors = Object.entries(responses).filter(([status]) => Number(status) >= 400);
      expect(errors.length, `${method} ${p}`).toBeGreaterThan(0);
      for (const [status, r] of errors)
        expect(Object.keys(r.content ?? {}), `${method} ${p} ${status}`).toEqual(["application/problem+json"]);
    }
    const signIn = doc.paths["/api/v1/auth/sign-in"].post;
    expect(signIn.security).toEqual([]);
    expect(Object.keys(signIn.responses)).not.toContain("403");
    const upload = doc.paths["/api/v1/evidence"].post.requestBody.content["multipart/form-data"].schema;
    expect(upload.properties.file.items).toMatchObject({ type: "string", format: "binary" });
    const pdf = doc.paths["/api/v1/programs/{programId}/remediation.pdf"].get.responses["200"].content;
    expect(Object.keys(pdf)).toEqual(["application/pdf"]);
  });

  it("sends security headers with a strict script policy", async () => {
    const res = await new TestClient(app).get("/healthz");
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });
});
