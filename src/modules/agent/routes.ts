import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { idParams, problems } from "../../kernel/http/schemas.ts";
import { AppError } from "../../platform/errors.ts";
import { createDevicesService } from "./devices.ts";
import { createEnrollmentService } from "./enrollment.ts";
import { createReportsService } from "./reports.ts";
import {
  createdEnrollmentToken,
  createEnrollmentTokenBody,
  deviceDetail,
  deviceList,
  enrollBody,
  enrollmentToken,
  enrollmentTokenList,
  enrollResult,
  listDevicesQuery,
  listEnrollmentQuery,
  REPORT_BODY_LIMIT,
  reportBody,
  reportResult,
} from "./schema.ts";

const tags = ["agent"];
const bearerOf = (header: string | undefined) => header?.match(/^Bearer\s+(\S+)$/i)?.[1];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const enrollment = createEnrollmentService({ db: ctx.db, keys: ctx.keys, config: ctx.config });
  const reports = createReportsService({ db: ctx.db });
  const devices = createDevicesService({ db: ctx.db });
  /** Per client IP, like every route that checks a secret. */
  const rateLimit = {
    max: ctx.config.ASSAY_RATE_LIMIT_AUTH_PER_MINUTE,
    timeWindow: "1 minute",
    errorResponseBuilder: (_req: unknown, c: { after: string }) =>
      new AppError(429, "rate_limited", `Too many attempts from your network. Wait ${c.after} and try again.`),
  };
  // Many devices may report from behind one address; a device reports about once an hour.
  const reportRateLimit = { ...rateLimit, max: ctx.config.ASSAY_RATE_LIMIT_AUTH_PER_MINUTE * 60 };

  app.get(
    "/agent/enrollment-tokens",
    {
      config: { access: { action: "agent.read_enrollment" } },
      schema: {
        tags,
        summary: "Enrollment tokens of the Linux agent: prefix, uses left, machines enrolled, expiry (never the token)",
        querystring: listEnrollmentQuery,
        response: { 200: enrollmentTokenList, ...problems },
      },
    },
    async (req) => enrollment.list(actorOf(req).organizationId, req.query),
  );

  app.post(
    "/agent/enrollment-tokens",
    {
      config: { access: { action: "agent.manage_enrollment" } },
      schema: {
        tags,
        summary:
          "Create an enrollment token (in this response only); creates the Linux agent connection when there is none",
        body: createEnrollmentTokenBody,
        response: { 201: createdEnrollmentToken, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await enrollment.create(actorOf(req), req.body)),
  );

  app.post(
    "/agent/enrollment-tokens/:id/revoke",
    {
      config: { access: { action: "agent.manage_enrollment" } },
      schema: {
        tags,
        summary: "Revoke an enrollment token (machines it enrolled keep working)",
        params: idParams,
        response: { 200: enrollmentToken, ...problems },
      },
    },
    async (req) => enrollment.revoke(actorOf(req), req.params.id),
  );

  app.post(
    "/agent/enroll",
    {
      config: { access: { public: true }, rateLimit },
      schema: {
        tags,
        summary:
          "Enroll a machine with an enrollment token (body `token` or Authorization: Bearer); returns its device token once",
        security: [],
        body: enrollBody,
        response: { 201: enrollResult, ...problems },
      },
    },
    async (req, reply) => {
      const token = req.body.token ?? bearerOf(req.headers.authorization);
      if (!token)
        throw new AppError(
          401,
          "invalid_enrollment_token",
          "Send the enrollment token in the body (token) or as Authorization: Bearer assay_enr_….",
        );
      return reply.status(201).send(await enrollment.enroll(token, req.body, req.id));
    },
  );

  app.post(
    "/agent/report",
    {
      config: { access: { public: true }, rateLimit: reportRateLimit },
      bodyLimit: REPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: "A device reports its facts (Authorization: Bearer <device token>); its checks are evaluated at once",
        security: [],
        body: reportBody,
        response: { 200: reportResult, ...problems },
      },
    },
    async (req) => reports.record(bearerOf(req.headers.authorization), req.body, req.id),
  );

  app.get(
    "/devices",
    {
      config: { access: { action: "devices.read" } },
      schema: {
        tags,
        summary: "Enrolled devices: search hostname or owner, status failing/passing, stale (no report for 2 days)",
        querystring: listDevicesQuery,
        response: { 200: deviceList, ...problems },
      },
    },
    async (req) => devices.list(actorOf(req).organizationId, req.query),
  );

  app.get(
    "/devices/:id",
    {
      config: { access: { action: "devices.read" } },
      schema: {
        tags,
        summary: "One device: its last facts and each check with reason and remediation",
        params: idParams,
        response: { 200: deviceDetail, ...problems },
      },
    },
    async (req) => devices.get(actorOf(req).organizationId, req.params.id),
  );

  app.post(
    "/devices/:id/revoke",
    {
      config: { access: { action: "devices.revoke" } },
      schema: {
        tags,
        summary: "Revoke a device: its token stops working and its results end now (history kept)",
        params: idParams,
        response: { 200: deviceDetail, ...problems },
      },
    },
    async (req) => devices.revoke(actorOf(req), req.params.id),
  );
}
