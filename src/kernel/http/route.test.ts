import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ApiApp } from "./api-app.ts";
import { routesFor } from "./route.ts";

/** A bare fastify with the zod compilers: the helper's own checks, without the app's modules or a database. */
function bareApp(): ApiApp {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app as unknown as ApiApp;
}

const item = z.object({ id: z.string(), n: z.number() });

describe("routesFor", () => {
  const spec = { operationId: "listThings", summary: "s", access: { public: true }, response: { 200: item } } as const;
  const declare = (url: string, more: { operationId?: string; query?: z.ZodObject }) => () =>
    routesFor(bareApp(), { tag: "t" }).get(url, { ...spec, ...more }, async () => ({ id: "a", n: 1 }));

  it("refuses, naming the route, a query that is not strict, params that miss the path, an id not in camelCase", () => {
    expect(declare("/things", { query: z.object({ q: z.string() }) })).toThrow(
      "Route GET /things: query must be a z.strictObject",
    );
    expect(declare("/things/:id", {})).toThrow("Route GET /things/:id: params declares [] but the path has [id]");
    expect(declare("/things", { operationId: "list-things" })).toThrow('operationId "list-things" is not camelCase');
    expect(declare("/things", { query: z.strictObject({ q: z.string() }) })).not.toThrow();
  });

  it("types the handler from the schemas and refuses unknown query parameters", async () => {
    const app = bareApp();
    const route = routesFor(app, { tag: "t" });
    route.post(
      "/things/:id",
      {
        operationId: "updateThing",
        summary: "s",
        access: { public: true },
        params: z.strictObject({ id: z.string() }),
        query: z.strictObject({ n: z.coerce.number() }),
        body: z.strictObject({ name: z.string() }),
        response: { 200: item },
      },
      async (req) => {
        const id: string = req.params.id;
        const n: number = req.query.n;
        const name: string = req.body.name;
        // @ts-expect-error: not in the params schema
        void req.params.other;
        // @ts-expect-error: not in the body schema
        void req.body.other;
        return { id: `${id}:${name}`, n };
      },
    );
    route.get(
      "/bare",
      { operationId: "getBare", summary: "s", access: { public: true }, response: { 200: item } },
      // @ts-expect-error: the answer must match the 200 schema
      async () => ({ id: 1 }),
    );
    await app.ready();

    const ok = await app.inject({ method: "POST", url: "/things/a?n=2", payload: { name: "x" } });
    expect(ok.json()).toEqual({ id: "a:x", n: 2 });
    const bogus = await app.inject({ method: "GET", url: "/bare?bogus=1" });
    expect(bogus.statusCode).toBe(400);
    expect(bogus.body).toContain("bogus");
  });
});
