import { afterAll, beforeAll } from "vitest";
import type { ApiApp } from "../src/kernel/http/api-app.ts";
import { buildApp } from "../src/server/app.ts";
import { createTestContext, type TestContext } from "./context.ts";

/** Forwards to the object `get()` returns once the suite's beforeAll has made it (bound methods included). */
function late<T extends object>(get: () => T | undefined, what: string): T {
  const real = () => {
    const r = get();
    if (!r) throw new Error(`${what} is used before the suite's beforeAll created it`);
    return r;
  };
  return new Proxy({} as T, {
    get(_target, prop) {
      const value = Reflect.get(real(), prop, real());
      return typeof value === "function" ? value.bind(real()) : value;
    },
    has: (_target, prop) => Reflect.has(real(), prop),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, prop) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), prop);
      return d ? { ...d, configurable: true } : undefined;
    },
  });
}

/**
 * The HTTP API on an isolated test database, for one test file: `const { ctx, app } = withTestApp();` at the top
 * level creates both before the file's tests and closes them after.
 */
export function withTestApp(overrides?: Parameters<typeof createTestContext>[0]): { ctx: TestContext; app: ApiApp } {
  let ctx: TestContext | undefined;
  let app: ApiApp | undefined;
  beforeAll(async () => {
    ctx = await createTestContext(overrides);
    app = await buildApp(ctx, { logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });
  return { ctx: late(() => ctx, "ctx"), app: late(() => app, "app") };
}
