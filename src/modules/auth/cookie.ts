import type { FastifyReply, FastifyRequest } from "fastify";
import { SESSION_COOKIE } from "./sessions.ts";

/**
 * Secure whenever the installation's public URL is https, whatever the request says (a proxy that drops or forges
 * X-Forwarded-Proto cannot strip it); behind a plain-http public URL, whenever the request came over https (directly
 * or via a trusted proxy).
 */
const cookieOptions = (req: FastifyRequest, publicUrl: string) => ({
  path: "/",
  httpOnly: true,
  sameSite: "lax" as const,
  secure: publicUrl.startsWith("https://") || req.protocol === "https",
});

/** httpOnly, SameSite=Lax, Secure as above. `publicUrl` is the configuration's (config.publicUrl). */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, publicUrl: string) {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(req, publicUrl));
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, publicUrl: string) {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(req, publicUrl));
}
