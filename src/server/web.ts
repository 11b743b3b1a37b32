import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sendProblem } from "./errors.ts";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

/**
 * Serves the built React app. index.html is sent with this response's CSP nonce filled in (Mantine reads it
 * from <meta name="csp-nonce"> for its style tags); unknown non-API paths fall back to it for client routing.
 */
export async function installWeb(app: FastifyInstance) {
  const indexFile = path.join(WEB_DIST, "index.html");
  const hasBuild = fs.existsSync(indexFile);
  const template = hasBuild ? fs.readFileSync(indexFile, "utf8") : "";

  const sendIndex = (reply: FastifyReply) => {
    const nonce = (reply as FastifyReply & { cspNonce?: { style: string } }).cspNonce?.style ?? "";
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(template.replaceAll("__CSP_NONCE__", nonce));
  };

  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: path.join(WEB_DIST, "assets"),
      prefix: "/assets/",
      immutable: true,
      maxAge: "365d",
    });
    for (const file of fs.readdirSync(WEB_DIST)) {
      if (file === "index.html" || file === "assets") continue;
      app.get(`/${file}`, { schema: { hide: true } }, (_req, reply) => reply.sendFile(file, WEB_DIST));
    }
  }

  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const isApi = req.url.startsWith("/api/") || req.url === "/api";
    if (!isApi && req.method === "GET" && hasBuild) return sendIndex(reply);
    if (!isApi && req.method === "GET")
      return reply
        .type("text/plain")
        .send("The web app is not built. Run `npm run build` (npm start does this for you).");
    return sendProblem(req, reply, {
      status: 404,
      code: "route_not_found",
      detail: `No endpoint ${req.method} ${req.url.split("?")[0]}. See /api/docs for the API.`,
    });
  });
}
