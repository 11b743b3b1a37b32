import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sessionOf } from "../../kernel/http/request.ts";
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

const tags = ["account"];
const signedIn = { signedIn: true } as const;
/** Reachable before MFA enrollment, so a member of an organization that requires MFA can set it up. */
const enrollment = { signedIn: true, mfaEnrollment: true } as const;

export default async function routes(app: ApiApp, ctx: AppContext) {
  const account = createAccountService({ db: ctx.db });
  const mfa = createMfaService({ db: ctx.db, keys: ctx.keys });

  app.get(
    "/account",
    {
      schema: { tags, summary: "My profile", response: { 200: accountResponse } },
      config: { access: enrollment },
    },
    async (req) => account.get(sessionOf(req).user.id),
  );

  app.patch(
    "/account",
    {
      schema: { tags, summary: "Change my name", body: updateAccountBody, response: { 200: accountResponse } },
      config: { access: signedIn },
    },
    async (req) => account.update(sessionOf(req).user.id, req.body, req.actor),
  );

  app.post(
    "/account/password",
    {
      schema: {
        tags,
        summary: "Change my password",
        description: "Signs out every other session of mine.",
        body: changePasswordBody,
        response: { 204: noContent },
      },
      config: { access: signedIn },
    },
    async (req, reply) => {
      const s = sessionOf(req);
      await account.changePassword(s.user.id, s.id, req.body, req.actor);
      return reply.status(204).send();
    },
  );

  app.post(
    "/account/mfa/totp",
    {
      schema: { tags, summary: "Start setting up an authenticator app", response: { 200: totpEnrollmentResponse } },
      config: { access: enrollment },
    },
    async (req) => mfa.startTotp(sessionOf(req).user.id),
  );

  app.post(
    "/account/mfa/totp/confirm",
    {
      schema: {
        tags,
        summary: "Confirm the authenticator app with a code; turns MFA on",
        body: codeBody,
        response: { 200: recoveryCodesResponse },
      },
      config: { access: enrollment },
    },
    async (req) => ({ recoveryCodes: await mfa.confirmTotp(sessionOf(req).user.id, req.body.code, req.actor) }),
  );

  app.post(
    "/account/mfa/recovery-codes",
    {
      schema: {
        tags,
        summary: "Replace my recovery codes (the old ones stop working)",
        body: codeBody,
        response: { 200: recoveryCodesResponse },
      },
      config: { access: signedIn },
    },
    async (req) => ({
      recoveryCodes: await mfa.regenerateRecoveryCodes(sessionOf(req).user.id, req.body.code, req.actor),
    }),
  );

  app.delete(
    "/account/mfa",
    {
      schema: {
        tags,
        summary: "Turn MFA off",
        description: "Refused (409) while an organization I belong to requires MFA.",
        body: disableMfaBody,
        response: { 204: noContent },
      },
      config: { access: signedIn },
    },
    async (req, reply) => {
      await mfa.disable(sessionOf(req).user.id, req.body, req.actor);
      return reply.status(204).send();
    },
  );
}
