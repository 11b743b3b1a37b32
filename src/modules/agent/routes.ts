import { factsOfNativeReport } from "../../agent/native/report.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { AppError, conflict } from "../../platform/errors.ts";
import { personOfUser } from "../people/public.ts";
import { createDevicesService } from "./devices.ts";
import { createEnrollmentService } from "./enrollment.ts";
import { createReportsService, deviceOfToken } from "./reports.ts";
import {
  assignDeviceBody,
  COLLECT_BODY_LIMIT,
  collectBody,
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
  myDevices,
  personalEnrollment,
  REPORT_BODY_LIMIT,
  reportBody,
  reportResult,
} from "./schema.ts";

const bearerOf = (header: string | undefined) => header?.match(/^Bearer\s+(\S+)$/i)?.[1];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "agent" });
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

  route.get(
    "/agent/enrollment-tokens",
    {
      operationId: "listEnrollmentTokens",
      summary: "Enrollment tokens of the Linux agent: prefix, uses left, machines enrolled, expiry (never the token)",
      access: "agent.read_enrollment",
      query: listEnrollmentQuery,
      response: { 200: enrollmentTokenList },
    },
    async (req) => enrollment.list(actorOf(req).organizationId, req.query),
  );

  route.post(
    "/agent/enrollment-tokens",
    {
      operationId: "createEnrollmentToken",
      summary:
        "Create an enrollment token (in this response only); creates the Linux agent connection when there is none",
      access: "agent.manage_enrollment",
      body: createEnrollmentTokenBody,
      response: { 201: createdEnrollmentToken },
    },
    async (req, reply) => reply.status(201).send(await enrollment.create(actorOf(req), req.body)),
  );

  route.post(
    "/agent/enrollment-tokens/:id/revoke",
    {
      operationId: "revokeEnrollmentToken",
      summary: "Revoke an enrollment token (machines it enrolled keep working)",
      access: "agent.manage_enrollment",
      params: idParams,
      response: { 200: enrollmentToken },
    },
    async (req) => enrollment.revoke(actorOf(req), req.params.id),
  );

  route.post(
    "/agent/enroll",
    {
      operationId: "enrollDevice",
      summary:
        "Enroll a machine with an enrollment token (body `token` or Authorization: Bearer); returns its device token once",
      access: { public: true },
      body: enrollBody,
      response: { 201: enrollResult },
      errors: [401],
      config: { rateLimit },
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

  route.post(
    "/agent/report",
    {
      operationId: "reportDeviceFacts",
      summary: "A device reports its facts (Authorization: Bearer <device token>); its checks are evaluated at once",
      access: { public: true },
      body: reportBody,
      response: { 200: reportResult },
      errors: [401],
      config: { rateLimit: reportRateLimit },
      bodyLimit: REPORT_BODY_LIMIT,
    },
    async (req) => reports.record(bearerOf(req.headers.authorization), { platform: "linux", facts: req.body }, req.id),
  );

  route.post(
    "/agent/collect",
    {
      operationId: "collectDeviceOutputs",
      summary:
        "A native collector (install.sh / install.ps1) posts the raw outputs of the OS's commands (Authorization: Bearer <device token>); the server parses them and evaluates the checks",
      access: { public: true },
      body: collectBody,
      response: { 200: reportResult },
      errors: [401],
      config: { rateLimit: reportRateLimit },
      bodyLimit: COLLECT_BODY_LIMIT,
    },
    async (req) => {
      const token = bearerOf(req.headers.authorization);
      // The token is checked before the outputs are parsed, and again (locked) when the report is recorded.
      await deviceOfToken(ctx.db, token);
      const parsed = await factsOfNativeReport(req.body);
      return reports.record(token, parsed, req.id);
    },
  );

  /** The member's person in the directory, or 409 with what to do. */
  async function myPerson(organizationId: string, userId: string) {
    const person = await personOfUser(ctx.db, organizationId, userId);
    if (!person)
      throw conflict(
        "not_in_directory",
        "You are not in this organization's people directory yet, so a device cannot be recorded as yours. Ask an admin to add you under People (with the email you sign in with).",
      );
    return person;
  }

  route.get(
    "/me/devices",
    {
      operationId: "listMyDevices",
      summary: "Your own devices (through your person in the directory), each with its checks",
      access: "agent.enroll_own",
      response: { 200: myDevices },
    },
    async (req) => {
      const actor = actorOf(req);
      const person = await personOfUser(ctx.db, actor.organizationId, actor.userId);
      if (!person) return { person: null, devices: [] };
      return {
        person: { id: person.id, fullName: person.fullName, email: person.email },
        devices: await devices.ofPerson(actor.organizationId, person.id),
      };
    },
  );

  route.post(
    "/me/devices/enrollment-token",
    {
      operationId: "createMyEnrollmentToken",
      summary:
        "A one-time enrollment token for your own computer (valid one day): the device it enrolls is recorded as yours",
      access: "agent.enroll_own",
      response: { 201: personalEnrollment },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const person = await myPerson(actor.organizationId, actor.userId);
      return reply.status(201).send(await enrollment.createPersonal(actor, person));
    },
  );

  route.get(
    "/devices",
    {
      operationId: "listDevices",
      summary: "Enrolled devices: search hostname or owner, status failing/passing, stale (no report for 2 days)",
      access: "devices.read",
      query: listDevicesQuery,
      response: { 200: deviceList },
    },
    async (req) => devices.list(actorOf(req).organizationId, req.query),
  );

  route.get(
    "/devices/:id",
    {
      operationId: "getDevice",
      summary: "One device: its last facts and each check with reason and remediation",
      access: "devices.read",
      params: idParams,
      response: { 200: deviceDetail },
    },
    async (req) => devices.get(actorOf(req).organizationId, req.params.id),
  );

  route.post(
    "/devices/:id/assign",
    {
      operationId: "assignDevice",
      summary: "Give a device to a person of the directory (personId null: to nobody)",
      access: "devices.assign",
      params: idParams,
      body: assignDeviceBody,
      response: { 200: deviceDetail },
    },
    async (req) => devices.assign(actorOf(req), req.params.id, req.body.personId),
  );

  route.post(
    "/devices/:id/revoke",
    {
      operationId: "revokeDevice",
      summary: "Revoke a device: its token stops working and its results end now (history kept)",
      access: "devices.revoke",
      params: idParams,
      response: { 200: deviceDetail },
    },
    async (req) => devices.revoke(actorOf(req), req.params.id),
  );
}
