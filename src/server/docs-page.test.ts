import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../test/app.ts";

const { app } = withTestApp();

/** Where the browser is: `inject` answers as if the page were served from this origin. */
const ORIGIN = "http://localhost";
const PAGE = `${ORIGIN}/api/docs`;

async function get(url: string) {
  const u = new URL(url);
  return app.inject({ method: "GET", url: u.pathname + u.search });
}

/** URLs an HTML page makes the browser load: src= and href= of script, link and img elements. */
function htmlUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*?\s(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map(
    (m) => m[1]!,
  );
}

/** URLs a stylesheet makes the browser load: url(...) and @import. */
function cssUrls(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const imports = [...css.matchAll(/@import\s+["']([^"']+)["']/gi)].map((m) => m[1]!);
  return [...urls, ...imports];
}

const sameOrigin = (url: string, base: string) => url.startsWith("data:") || new URL(url, base).origin === ORIGIN;

/**
 * Runs the page's initializer script the way the browser would (window.onload), with a stand-in for Swagger UI,
 * and returns the configuration it hands to Swagger UI.
 */
function swaggerConfig(script: string, scriptUrl: string): Record<string, unknown> {
  let config: Record<string, unknown> | undefined;
  const SwaggerUIBundle = Object.assign(
    (c: Record<string, unknown>) => {
      config = c;
      return { initOAuth() {} };
    },
    { presets: { apis: {} }, plugins: { DownloadUrl: {} } },
  );
  const window: { location: { href: string }; onload?: () => void } = { location: { href: PAGE } };
  const document = {
    querySelector: () => null,
    body: {},
    createElement: () => {
      let href = "";
      return {
        get href() {
          return href;
        },
        set href(v: string) {
          href = new URL(v, scriptUrl).href;
        },
      };
    },
  };
  vm.runInNewContext(script, {
    window,
    document,
    SwaggerUIBundle,
    SwaggerUIStandalonePreset: {},
    MutationObserver: class {
      observe() {}
      disconnect() {}
    },
  });
  window.onload?.();
  if (!config) throw new Error("the initializer did not start Swagger UI");
  return config;
}

/** Every source in every directive of a CSP header must be the installation itself (or inline data). */
function externalSources(csp: string): string[] {
  const allowed = /^('self'|'none'|'unsafe-inline'|'nonce-[^']+'|data:)$/;
  return csp
    .split(";")
    .map((d) => d.trim().split(/\s+/))
    .filter((parts) => parts[0])
    .flatMap(([directive, ...sources]) => sources.filter((s) => !allowed.test(s)).map((s) => `${directive} ${s}`));
}

describe("the API docs page (/api/docs) is self-contained", () => {
  it("loads every script, stylesheet and image from the installation, with a CSP that allows nothing else", async () => {
    for (const page of [PAGE, `${PAGE}/`]) {
      const res = await get(page);
      expect(res.statusCode).toBe(200);
      expect(externalSources(String(res.headers["content-security-policy"]))).toEqual([]);

      const assets = htmlUrls(res.body);
      expect(assets.length).toBeGreaterThan(3);
      expect(assets.filter((u) => !sameOrigin(u, page))).toEqual([]);

      for (const asset of assets.map((u) => new URL(u, page).href)) {
        const a = await get(asset);
        expect(a.statusCode, asset).toBe(200);
        expect(externalSources(String(a.headers["content-security-policy"])), asset).toEqual([]);
        if (asset.endsWith(".css"))
          expect(
            cssUrls(a.body).filter((u) => !sameOrigin(u, asset)),
            asset,
          ).toEqual([]);
      }
    }
  });

  it("points Swagger UI at this installation's own document, with the online validator badge off", async () => {
    const html = (await get(PAGE)).body;
    const initializer = htmlUrls(html)
      .map((u) => new URL(u, PAGE).href)
      .find((u) => u.endsWith("/swagger-initializer.js"));
    expect(initializer).toBeDefined();
    const config = swaggerConfig((await get(initializer!)).body, PAGE);

    // validator.swagger.io would receive the whole document and put a badge image from its host on the page.
    expect(config.validatorUrl ?? null).toBeNull();
    const listed = ((config.urls as { url: string }[] | undefined) ?? []).map((u) => u.url);
    const urls = [config.url, config.oauth2RedirectUrl, config.configUrl, ...listed].filter(
      (u): u is string => typeof u === "string",
    );
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((u) => !sameOrigin(u, PAGE))).toEqual([]);
    // The document it loads is the API's own.
    const spec = await get(String(config.url));
    expect(spec.json().info.title).toBe("Assay API");
  });
});
