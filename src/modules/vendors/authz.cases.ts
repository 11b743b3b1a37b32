import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedStatement } from "../evidence/testing.ts";
import { seedQuestionnaire, seedReport, seedTemplate, seedVendor } from "./testing.ts";

const templateBody = { name: "Edited", questions: [{ text: "Encrypted?", type: "yes_no", weight: 2 }] };

const vendorUrl = async (f: Parameters<AuthzCase["request"]>[0]) =>
  `/api/v1/vendors/${(await seedVendor(f.db, f.org.id)).id}`;

export const cases: AuthzCase[] = [
  { action: "vendors.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/vendors" }) },
  { action: "vendors.read", name: "export", request: () => ({ method: "GET", url: "/api/v1/vendors/export.csv" }) },
  { action: "vendors.read", name: "one vendor", request: async (f) => ({ method: "GET", url: await vendorUrl(f) }) },
  {
    action: "vendors.read",
    name: "subprocessors",
    request: () => ({ method: "GET", url: "/api/v1/vendors/subprocessors" }),
  },
  {
    action: "vendors.read",
    name: "subprocessors CSV",
    request: () => ({ method: "GET", url: "/api/v1/vendors/subprocessors.csv" }),
  },
  {
    action: "vendors.read",
    name: "templates",
    request: () => ({ method: "GET", url: "/api/v1/vendors/questionnaire-templates" }),
  },
  {
    action: "vendors.manage",
    name: "create",
    request: () => ({ method: "POST", url: "/api/v1/vendors", body: { name: `Acme ${Math.random()}` } }),
  },
  {
    action: "vendors.manage",
    name: "update",
    request: async (f) => ({ method: "PATCH", url: await vendorUrl(f), body: { services: "Hosting" } }),
  },
  {
    action: "vendors.manage",
    name: "review",
    request: async (f) => ({ method: "POST", url: `${await vendorUrl(f)}/review`, body: {} }),
  },
  {
    action: "vendors.manage",
    name: "import preview",
    request: () => ({ method: "POST", url: "/api/v1/vendors/import/preview", body: { csv: "name\nAcme\n" } }),
  },
  {
    action: "vendors.manage",
    name: "import",
    request: () => ({ method: "POST", url: "/api/v1/vendors/import", body: { csv: `name\nAcme ${Math.random()}\n` } }),
  },
  {
    action: "vendors.manage",
    name: "declare no subprocessors",
    request: () => ({ method: "PUT", url: "/api/v1/vendors/subprocessors/none", body: { noSubprocessors: true } }),
  },
  {
    action: "vendors.manage",
    name: "create template",
    request: () => ({
      method: "POST",
      url: "/api/v1/vendors/questionnaire-templates",
      body: { name: `T ${Math.random()}`, questions: [{ text: "Encrypted?", type: "yes_no", weight: 1 }] },
    }),
  },
  {
    action: "vendors.manage",
    name: "edit template",
    request: async (f) => ({
      method: "PUT",
      url: `/api/v1/vendor-questionnaire-templates/${(await seedTemplate(f.db, f.org.id)).id}`,
      body: { ...templateBody, name: `T ${Math.random()}` },
    }),
  },
  {
    action: "vendors.manage",
    name: "upload report",
    // JSON instead of the multipart form: allowed roles get past authorization to 415 multipart_required.
    request: async (f) => ({ method: "POST", url: `${await vendorUrl(f)}/reports`, body: {} }),
  },
  {
    action: "vendors.manage",
    name: "update report",
    request: async (f) => ({
      method: "PATCH",
      url: `${await vendorUrl(f)}/reports/00000000-0000-7000-8000-000000000000`,
      body: { opinion: "qualified" },
    }),
  },
  {
    action: "vendors.manage",
    name: "review report",
    request: async (f) => ({
      method: "POST",
      url: `${await vendorUrl(f)}/reports/00000000-0000-7000-8000-000000000000/review`,
      body: {},
    }),
  },
  {
    action: "vendors.manage",
    name: "bridge letter",
    request: async (f) => ({
      method: "POST",
      url: `${await vendorUrl(f)}/reports/00000000-0000-7000-8000-000000000000/bridge-letters`,
      body: {},
    }),
  },
  {
    action: "vendors.manage",
    name: "send questionnaire",
    request: async (f) => ({
      method: "POST",
      url: `${await vendorUrl(f)}/questionnaires`,
      body: { contactEmail: "security@vendor.example" },
    }),
  },
  {
    action: "vendors.manage",
    name: "review questionnaire",
    request: async (f) => {
      const v = await seedVendor(f.db, f.org.id);
      const { row } = await seedQuestionnaire(f.db, f.org.id, v.id);
      return { method: "POST", url: `/api/v1/vendors/${v.id}/questionnaires/${row.id}/review` };
    },
  },
  {
    action: "vendors.read",
    name: "a vendor's controls",
    request: async (f) => ({ method: "GET", url: `${await vendorUrl(f)}/controls` }),
  },
  {
    action: "vendors.manage",
    name: "link a vendor to controls",
    request: async (f) => ({ method: "PUT", url: `${await vendorUrl(f)}/controls`, body: { keys: [] } }),
  },
];

/** A vendor of the fixture's organization with one report (its file a statement: the route reads only the row). */
const withReport = async (f: Parameters<NonNullable<IsolationFixture["prepare"]>>[0]) => {
  const v = await seedVendor(f.db, f.org.id);
  const evidence = await seedStatement(f.ctx, f.org.id, f.actor.userId);
  const r = await seedReport(f.db, f.org.id, v.id, evidence.id);
  return { params: { id: v.id, reportId: r.id } };
};

const withVendor = async (f: Parameters<NonNullable<IsolationFixture["prepare"]>>[0]) => ({
  params: { id: (await seedVendor(f.db, f.org.id)).id },
});

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/vendors/:id/controls", prepare: withVendor },
  {
    route: "PUT /api/v1/vendors/:id/controls",
    prepare: async (f) => ({ ...(await withVendor(f)), body: { keys: [] } }),
  },
  { route: "GET /api/v1/vendors/:id", prepare: withVendor },
  { route: "PATCH /api/v1/vendors/:id", prepare: async (f) => ({ ...(await withVendor(f)), body: { services: "x" } }) },
  { route: "POST /api/v1/vendors/:id/review", prepare: async (f) => ({ ...(await withVendor(f)), body: {} }) },
  {
    route: "POST /api/v1/vendors/:id/questionnaires",
    prepare: async (f) => ({ ...(await withVendor(f)), body: { contactEmail: "a@vendor.example" } }),
  },
  {
    route: "POST /api/v1/vendors/:id/reports",
    exempt: "multipart upload: the vendor is looked up after the file is read (tested in vendors.test.ts)",
  },
  {
    route: "PATCH /api/v1/vendors/:id/reports/:reportId",
    prepare: async (f) => ({ ...(await withReport(f)), body: { opinion: "qualified" } }),
  },
  {
    route: "POST /api/v1/vendors/:id/reports/:reportId/review",
    prepare: async (f) => ({ ...(await withReport(f)), body: {} }),
  },
  {
    route: "POST /api/v1/vendors/:id/reports/:reportId/bridge-letters",
    exempt: "multipart upload: the report is looked up after the file is read (tested in vendors.test.ts)",
  },
  {
    route: "POST /api/v1/vendors/:id/questionnaires/:questionnaireId/review",
    prepare: async (f) => {
      const v = await seedVendor(f.db, f.org.id);
      const { row } = await seedQuestionnaire(f.db, f.org.id, v.id);
      return { params: { id: v.id, questionnaireId: row.id } };
    },
  },
  {
    route: "PUT /api/v1/vendor-questionnaire-templates/:templateId",
    prepare: async (f) => ({ params: { templateId: (await seedTemplate(f.db, f.org.id)).id }, body: templateBody }),
  },
  {
    route: "GET /api/v1/vendor-questionnaires/:token",
    exempt: "a public link's secret, not an organization-scoped id",
  },
  {
    route: "POST /api/v1/vendor-questionnaires/:token",
    exempt: "a public link's secret, not an organization-scoped id",
  },
];
