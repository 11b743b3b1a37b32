import { afterAll, beforeAll } from "vitest";
import type { ApiApp } from "../src/kernel/http/api-app.ts";
import type { Config } from "../src/platform/config.ts";
import type { Mailer } from "../src/platform/mailer.ts";
import { type BuildOptions, buildApp } from "../src/server/app.ts";
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

export interface TestAppOverrides {
  /** Merged over the test configuration. */
  config?: Partial<Config>;
  /** The context's mailer (default: `memoryMailer()`), or a function that makes it from the new context, e.g. `(ctx) => createMailer(ctx.config, ctx.log)`. */
  mailer?: Mailer | ((ctx: TestContext) => Mailer);
  /** Passed to buildApp: called for every route as it is registered. */
  onRoute?: BuildOptions["onRoute"];
}

/**
 * The HTTP API on an isolated test database, for one test file: `const { ctx, app } = withTestApp();` at the top
 * level creates both before the file's tests and closes them after. `overrides` may be a function: it is called
 * in the beforeAll, so it can use what an earlier beforeAll started (`withTestApp(() => ({ config: { SMTP_URL:
 * smtp.url } }))` after the beforeAll that starts `smtp`).
 */
export function withTestApp(overrides?: TestAppOverrides | (() => TestAppOverrides)): {
  ctx: TestContext;
  app: ApiApp;
} {
  let ctx: TestContext | undefined;
  let app: ApiApp | undefined;
  beforeAll(async () => {
    const { config, mailer, onRoute } = (typeof overrides === "function" ? overrides() : overrides) ?? {};
    ctx = await createTestContext({ config, mailer: typeof mailer === "function" ? undefined : mailer });
    if (typeof mailer === "function") ctx.mailer = mailer(ctx);
    app = await buildApp(ctx, { logger: false, onRoute });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });
  return { ctx: late(() => ctx, "ctx"), app: late(() => app, "app") };
}
