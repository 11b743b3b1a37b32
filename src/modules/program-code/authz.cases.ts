import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { systemActor } from "../../core/actor.ts";
import { change } from "../../kernel/change.ts";
import { seedProgram } from "../programs/testing.ts";
import { createRemediationItems } from "../remediation/store.ts";
import { FORMAT } from "./model.ts";

/** A program with one custom control and one remediation item, so every export has something in it. */
async function program(f: AuthzFixture) {
  const p = await seedProgram(f.db, f.org.id, f.actor.userId, { adoptLibrary: false });
  await change(f.db, systemActor(f.org.id), (c) =>
    createRemediationItems(c, p.id, [
      { title: "Enforce MFA", gap: "Admins sign in with a password only.", likelihood: 3, impact: 4 },
    ]),
  );
  return p;
}

/** The smallest program folder there is, as JSON. */
export const minimalFolder = (name = "Imported program") => ({
  files: {
    "program.yaml": `format: ${FORMAT}\nname: ${name}\nframework: soc2\nreportType: type1\nasOfDate: "2027-03-31"\n`,
    "scope.yaml": "services: Payroll software\n",
    "assessment.yaml": "answers: []\n",
  },
});

export const cases: AuthzCase[] = [
  {
    action: "programs.export",
    name: "download a program as code",
    request: async (f) => ({ method: "GET", url: `/api/v1/programs/${(await program(f)).id}/code` }),
  },
  {
    action: "programs.export",
    name: "download readiness as CSV",
    request: async (f) => ({ method: "GET", url: `/api/v1/programs/${(await program(f)).id}/readiness.csv` }),
  },
  {
    action: "programs.export",
    name: "download the readiness report as PDF",
    request: async (f) => ({ method: "GET", url: `/api/v1/programs/${(await program(f)).id}/readiness.pdf` }),
  },
  {
    action: "programs.export",
    name: "download the OSCAL system security plan",
    request: async (f) => ({ method: "GET", url: `/api/v1/programs/${(await program(f)).id}/oscal/ssp.json` }),
  },
  {
    action: "programs.import",
    name: "preview importing a program folder",
    request: () => ({ method: "POST", url: "/api/v1/programs/code/import?dryRun=true", body: minimalFolder() }),
  },
];

const params = async (f: AuthzFixture) => ({ params: { programId: (await program(f)).id } });

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/programs/:programId/code", prepare: params },
  { route: "GET /api/v1/programs/:programId/oscal/ssp.json", prepare: params },
  { route: "GET /api/v1/programs/:programId/oscal/poam.json", prepare: params },
  { route: "GET /api/v1/programs/:programId/readiness.csv", prepare: params },
  { route: "GET /api/v1/programs/:programId/readiness.pdf", prepare: params },
];
