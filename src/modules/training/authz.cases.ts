import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { systemActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { change } from "../../kernel/change.ts";
import { seedPeople } from "../people/testing.ts";
import { recordExternal } from "./store.ts";
import { rightAnswers } from "./testing.ts";

const onePerson = async (f: AuthzFixture) => (await seedPeople(f.db, f.org.id, [{}]))[0]!;

/** A pending external training record (its certificate key points nowhere: decisions never read it). */
async function pendingExternal(f: AuthzFixture) {
  const person = await onePerson(f);
  const id = newId();
  await change(f.db, systemActor(f.org.id), (c) =>
    recordExternal(
      c,
      person,
      id,
      { provider: "Acme Academy", courseTitle: "Security basics", completedOn: "2026-01-05", notes: "" },
      {
        fileName: "c.pdf",
        mimeType: "application/pdf",
        size: 10,
        sha256: "0".repeat(64),
        storageKey: `training/${f.org.id}/${id}`,
        keyId: "test",
      },
    ),
  );
  return id;
}

const period = "from=2026-01-01&to=2026-12-31";

export const cases: AuthzCase[] = [
  { action: "training.take", name: "my training", request: () => ({ method: "GET", url: "/api/v1/training/me" }) },
  { action: "training.take", name: "the course", request: () => ({ method: "GET", url: "/api/v1/training/course" }) },
  {
    action: "training.take",
    name: "submit the quiz",
    request: () => ({ method: "POST", url: "/api/v1/training/attempts", body: { answers: rightAnswers() } }),
  },
  {
    action: "training.take",
    name: "record my external training",
    request: () => ({ method: "POST", url: "/api/v1/training/me/external", body: {} }),
  },
  {
    action: "training.read",
    name: "overview",
    request: () => ({ method: "GET", url: "/api/v1/training/overview" }),
  },
  {
    action: "training.read",
    name: "completion table",
    request: () => ({ method: "GET", url: "/api/v1/training/people" }),
  },
  {
    action: "training.read",
    name: "external training list",
    request: () => ({ method: "GET", url: "/api/v1/training/external" }),
  },
  { action: "training.read", name: "settings", request: () => ({ method: "GET", url: "/api/v1/training/settings" }) },
  {
    action: "training.read",
    name: "CSV report",
    request: () => ({ method: "GET", url: `/api/v1/training/report.csv?${period}` }),
  },
  {
    action: "training.read",
    name: "PDF report",
    request: () => ({ method: "GET", url: `/api/v1/training/report.pdf?${period}` }),
  },
  {
    action: "training.manage",
    name: "change settings",
    request: () => ({ method: "PATCH", url: "/api/v1/training/settings", body: { newHireDays: 14 } }),
  },
  {
    action: "training.manage",
    name: "record external training for a person",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/training/people/${(await onePerson(f)).id}/external`,
      body: {},
    }),
  },
  {
    action: "training.manage",
    name: "accept external training",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/training/external/${await pendingExternal(f)}/decision`,
      body: { decision: "accept" },
    }),
  },
  {
    action: "training.manage",
    name: "attach the report as evidence",
    request: () => ({
      method: "POST",
      url: "/api/v1/training/report/evidence",
      body: { programId: crypto.randomUUID(), from: "2026-01-01", to: "2026-06-30" },
    }),
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "GET /api/v1/training/external/:id/certificate",
    prepare: async (f) => ({ params: { id: await pendingExternal(f) } }),
  },
  {
    route: "POST /api/v1/training/external/:id/decision",
    prepare: async (f) => ({ params: { id: await pendingExternal(f) }, body: { decision: "accept" } }),
  },
  {
    route: "POST /api/v1/training/people/:personId/external",
    prepare: async (f) => ({ params: { personId: (await onePerson(f)).id }, body: {} }),
  },
];
