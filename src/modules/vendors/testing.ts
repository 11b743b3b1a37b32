import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { vendorQuestionnaires, vendorQuestionnaireTemplates, vendorReports, vendors } from "../../db/schema/index.ts";
import { sha256Hex } from "../../platform/tokens.ts";
import { BUILTIN_TEMPLATE } from "./builtin.ts";

/** A tiny but real PDF (what the evidence store's type detection accepts as one). */
export const SAMPLE_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/** Test fixture: one vendor written straight into the register. */
export async function seedVendor(db: Db, organizationId: string, over: Partial<typeof vendors.$inferInsert> = {}) {
  const [row] = await db
    .insert(vendors)
    .values({ id: newId(), organizationId, name: `Vendor ${newId().slice(-8)}`, criticality: "high", ...over })
    .returning();
  return row!;
}

/** Test fixture: a questionnaire sent to a vendor, with its link's secret. */
export async function seedQuestionnaire(
  db: Db,
  organizationId: string,
  vendorId: string,
  over: Partial<typeof vendorQuestionnaires.$inferInsert> = {},
) {
  const token = `t${newId().replaceAll("-", "")}${newId().replaceAll("-", "")}`;
  const now = new Date();
  const [row] = await db
    .insert(vendorQuestionnaires)
    .values({
      id: newId(),
      organizationId,
      vendorId,
      templateName: BUILTIN_TEMPLATE.name,
      questions: BUILTIN_TEMPLATE.questions,
      contactEmail: "security@vendor.example",
      tokenHash: sha256Hex(token),
      expiresAt: new Date(now.getTime() + 14 * 86_400_000),
      sentAt: now,
      ...over,
    })
    .returning();
  return { row: row!, token };
}

/** Test fixture: a report row pointing at existing evidence (tests that are not about uploading). */
export async function seedReport(
  db: Db,
  organizationId: string,
  vendorId: string,
  evidenceId: string,
  over: Partial<typeof vendorReports.$inferInsert> = {},
) {
  const [row] = await db
    .insert(vendorReports)
    .values({
      id: newId(),
      organizationId,
      vendorId,
      evidenceId,
      fileName: "soc2.pdf",
      reportType: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-06-30",
      opinion: "unqualified",
      ...over,
    })
    .returning();
  return row!;
}

/** Test fixture: a questionnaire template of the organization's own, with one weighted yes/no question. */
export async function seedTemplate(db: Db, organizationId: string) {
  const [row] = await db
    .insert(vendorQuestionnaireTemplates)
    .values({
      id: newId(),
      organizationId,
      name: `Template ${newId().slice(-8)}`,
      questions: [{ id: "q01", text: "Is data encrypted at rest?", type: "yes_no", weight: 1, favourable: "yes" }],
    })
    .returning();
  return row!;
}
