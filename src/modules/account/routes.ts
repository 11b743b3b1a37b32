import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sessionOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { noContent } from "../auth/schema.ts";
import { createMfaService } from "./mfa-service.ts";
import {
  accountResponse,
  changePasswordBody,
  codeBody,
  disableMfaBody,
  recoveryCodesResponse,
  totpEnrollmentResponse,
  updateAccountBody,
} from "./schema.ts";
import { createAccountService } from "./service.ts";

const signedIn = { signedIn: true } as const;
/** Reachable before MFA enrollment, so a member of an organization that requires MFA can set it up. */
const enrollment = { signedIn: true, mfaEnrollment: true } as const;

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "account" });
  const account = createAccountService({ db: ctx.db });
  const mfa = createMfaService({ db: ctx.db, keys: ctx.keys });

  route.get(
    "/account",
    {
      operationId: "getAccount",
      summary: "My profile",
      access: enrollment,
      response: { 200: accountResponse },
    },
    async (req) => account.get(sessionOf(req).user.id),
  );

  route.patch(
    "/account",
    {
      operationId: "updateAccount",
      summary: "Change my name",
      access: signedIn,
      body: updateAccountBody,
      response: { 200: accountResponse },
    },
    async (req) => account.update(sessionOf(req).user.id, req.body, req.actor),
  );

  route.post(
    "/account/password",
    {
      operationId: "changePassword",
      summary: "Change my password",
      description: "Signs out every other session of mine.",
      access: signedIn,
      body: changePasswordBody,
      response: { 204: noContent },
    },
    async (req, reply) => {
      const s = sessionOf(req);
      await account.changePassword(s.user.id, s.id, req.body, req.actor);
      return reply.status(204).send();
    },
  );

  route.post(
    "/account/mfa/totp",
    {
      operationId: "startTotpEnrollment",
      summary: "Start setting up an authenticator app",
      access: enrollment,
      response: { 200: totpEnrollmentResponse },
    },
    async (req) => mfa.startTotp(sessionOf(req).user.id),
  );

  route.post(
    "/account/mfa/totp/confirm",
    {
      operationId: "confirmTotpEnrollment",
      summary: "Confirm the authenticator app with a code; turns MFA on",
      access: enrollment,
      body: codeBody,
      response: { 200: recoveryCodesResponse },
    },
    async (req) => ({ recoveryCodes: await mfa.confirmTotp(sessionOf(req).user.id, req.body.code, req.actor) }),
  );

  route.post(
    "/account/mfa/recovery-codes",
    {
      operationId: "regenerateRecoveryCodes",
      summary: "Replace my recovery codes (the old ones stop working)",
      access: signedIn,
      body: codeBody,
      response: { 200: recoveryCodesResponse },
    },
    async (req) => ({
      recoveryCodes: await mfa.regenerateRecoveryCodes(sessionOf(req).user.id, req.body.code, req.actor),
    }),
  );

  route.delete(
    "/account/mfa",
    {
      operationId: "disableMfa",
      summary: "Turn MFA off",
      description: "Refused (409) while an organization I belong to requires MFA.",
      access: signedIn,
      body: disableMfaBody,
      response: { 204: noContent },
    },
    async (req, reply) => {
      await mfa.disable(sessionOf(req).user.id, req.body, req.actor);
      return reply.status(204).send();
    },
  );
}
