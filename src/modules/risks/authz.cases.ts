import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { seedAssessment, seedRisk } from "./testing.ts";

const body = { title: "Authz risk", type: "security", likelihood: 3, impact: 3 };
const riskUrl = async (f: AuthzFixture) => `/api/v1/risks/${(await seedRisk(f.db, f.org.id)).id}`;
const assessmentUrl = async (f: AuthzFixture) =>
  `/api/v1/risk-assessments/${(await seedAssessment(f.db, f.org.id)).id}`;

export const cases: AuthzCase[] = [
  { action: "risks.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/risks" }) },
  { action: "risks.read", name: "export", request: () => ({ method: "GET", url: "/api/v1/risks/export.csv" }) },
  { action: "risks.read", name: "heat map", request: () => ({ method: "GET", url: "/api/v1/risks/heatmap" }) },
  { action: "risks.read", name: "settings", request: () => ({ method: "GET", url: "/api/v1/risks/settings" }) },
  { action: "risks.read", name: "library", request: () => ({ method: "GET", url: "/api/v1/risks/library" }) },
  { action: "risks.read", name: "assessments", request: () => ({ method: "GET", url: "/api/v1/risk-assessments" }) },
  { action: "risks.read", name: "one risk", request: async (f) => ({ method: "GET", url: await riskUrl(f) }) },
  {
    action: "risks.read",
    name: "a risk's controls",
    request: async (f) => ({ method: "GET", url: `${await riskUrl(f)}/controls` }),
  },
  {
    action: "risks.read",
    name: "one assessment",
    request: async (f) => ({ method: "GET", url: await assessmentUrl(f) }),
  },
  {
    action: "risks.read",
    name: "assessment report",
    // In progress: allowed roles get past authorization to 409.
    request: async (f) => ({ method: "GET", url: `${await assessmentUrl(f)}/report.pdf` }),
  },
  { action: "risks.manage", name: "create", request: () => ({ method: "POST", url: "/api/v1/risks", body }) },
  {
    action: "risks.manage",
    name: "update",
    request: async (f) => ({ method: "PATCH", url: await riskUrl(f), body: { likelihood: 2 } }),
  },
  { action: "risks.manage", name: "delete", request: async (f) => ({ method: "DELETE", url: await riskUrl(f) }) },
  {
    action: "risks.manage",
    name: "link controls",
    request: async (f) => ({ method: "PUT", url: `${await riskUrl(f)}/controls`, body: { keys: [] } }),
  },
  {
    action: "risks.manage",
    name: "add from library",
    request: () => ({ method: "POST", url: "/api/v1/risks/library", body: { ids: ["ransomware"] } }),
  },
  {
    action: "risks.manage",
    name: "preview import",
    request: () => ({
      method: "POST",
      url: "/api/v1/risks/import/preview",
      body: { csv: "title,type,likelihood,impact\nA,fraud,2,2\n" },
    }),
  },
  {
    action: "risks.manage",
    name: "import",
    request: () => ({
      method: "POST",
      url: "/api/v1/risks/import",
      body: { csv: "title,type,likelihood,impact\nA,fraud,2,2\n" },
    }),
  },
  {
    action: "risks.assess",
    name: "change scales",
    request: () => ({
      method: "PUT",
      url: "/api/v1/risks/settings",
      body: {
        likelihood: ["Low", "Medium", "High"],
        impact: ["Low", "Medium", "High"],
        thresholds: { medium: 3, high: 5, critical: 9 },
      },
    }),
  },
  {
    action: "risks.assess",
    name: "start assessment",
    request: () => ({ method: "POST", url: "/api/v1/risk-assessments", body: { name: "2026", period: "2026" } }),
  },
  {
    action: "risks.assess",
    name: "update assessment",
    request: async (f) => ({ method: "PATCH", url: await assessmentUrl(f), body: { notes: "x" } }),
  },
  {
    action: "risks.assess",
    name: "complete assessment",
    request: async (f) => ({ method: "POST", url: `${await assessmentUrl(f)}/complete` }),
  },
  {
    action: "risks.assess",
    name: "sign off assessment",
    // Completed by no one in particular: every allowed role may sign it off.
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/risk-assessments/${(await seedAssessment(f.db, f.org.id, true)).id}/sign-off`,
    }),
  },
];

const risk = async (f: AuthzFixture) => ({ params: { id: (await seedRisk(f.db, f.org.id)).id } });
const assessment = async (f: AuthzFixture) => ({
  params: { id: (await seedAssessment(f.db, f.org.id, true)).id },
});

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/risks/:id", prepare: risk },
  { route: "PATCH /api/v1/risks/:id", prepare: async (f) => ({ ...(await risk(f)), body: { likelihood: 2 } }) },
  { route: "DELETE /api/v1/risks/:id", prepare: risk },
  { route: "GET /api/v1/risks/:id/controls", prepare: risk },
  { route: "PUT /api/v1/risks/:id/controls", prepare: async (f) => ({ ...(await risk(f)), body: { keys: [] } }) },
  { route: "GET /api/v1/risk-assessments/:id", prepare: assessment },
  {
    route: "PATCH /api/v1/risk-assessments/:id",
    prepare: async (f) => ({ ...(await assessment(f)), body: { notes: "x" } }),
  },
  { route: "POST /api/v1/risk-assessments/:id/complete", prepare: assessment },
  { route: "POST /api/v1/risk-assessments/:id/sign-off", prepare: assessment },
  { route: "GET /api/v1/risk-assessments/:id/report.pdf", prepare: assessment },
];
