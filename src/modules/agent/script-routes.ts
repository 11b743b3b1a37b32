/**
 * The native collectors' scripts, outside /api/v1 (and out of the OpenAPI document) so the one-liners stay short:
 * `curl -fsSL <public URL>/agent/install.sh | sh -s -- <token>`. Public: they hold no secret, only this
 * installation's public URL.
 */
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { routesFor, text } from "../../kernel/http/route.ts";
import { psCollector, psInstaller, shCollector, shInstaller } from "./scripts.ts";

const SH = "text/x-shellscript; charset=utf-8";
const PS = "text/plain; charset=utf-8";

export default async function scriptRoutes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "agent" });
  const scripts = [
    ["install.sh", "getAgentInstallSh", "The Linux and macOS installer", SH, shInstaller],
    ["collector.sh", "getAgentCollectorSh", "The Linux and macOS collector", SH, shCollector],
    ["install.ps1", "getAgentInstallPs1", "The Windows installer", PS, psInstaller],
    ["collector.ps1", "getAgentCollectorPs1", "The Windows collector", PS, psCollector],
  ] as const;
  for (const [file, operationId, summary, type, make] of scripts)
    route.get(
      `/agent/${file}`,
      {
        operationId,
        summary: `${summary}, with this installation's public URL filled in`,
        access: { public: true },
        response: { 200: text(type.split(";")[0]!, summary) },
      },
      async (_req, reply) =>
        reply.header("content-type", type).header("cache-control", "no-store").send(make(ctx.config.publicUrl)),
    );
}
