/** Reading the register: the list with its filters, one vendor with its reports and questionnaires, the facts the control checks judge. */
import { and, count, desc, eq, ilike, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import { utcDay } from "../../core/dates.ts";
import {
  bridgedUntil,
  dueDiligenceState,
  favourable,
  latestExpiry,
  linkState,
  reportExpiry,
  type VendorCriticality,
  type VendorDataCategory,
  type VendorFacts,
  type VendorStatus,
} from "../../core/vendors.ts";
import type { Db } from "../../db/client.ts";
import {
  users,
  vendorBridgeLetters,
  vendorQuestionnaires,
  vendorReports,
  vendorSettings,
  vendors,
} from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import type { ListQuery } from "./schema.ts";

export type VendorRow = typeof vendors.$inferSelect;
type ReportRow = typeof vendorReports.$inferSelect;
type QuestionnaireRow = typeof vendorQuestionnaires.$inferSelect;

/** User id → { id, name } for the people a page names. */
export async function peopleOf(db: Db, ids: readonly (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  const rows = wanted.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted))
    : [];
  const map = new Map(rows.map((r) => [r.id, r]));
  return (id: string | null | undefined) => (id ? (map.get(id) ?? null) : null);
}

/** The bridge letters of these reports, the one covering least first. */
async function bridgeLettersOf(db: Db, organizationId: string, reportIds: readonly string[]) {
  if (!reportIds.length) return [];
  return db
    .select()
    .from(vendorBridgeLetters)
    .where(
      and(
        eq(vendorBridgeLetters.organizationId, organizationId),
        inArray(vendorBridgeLetters.reportId, [...reportIds]),
      ),
    )
    .orderBy(vendorBridgeLetters.coveredUntil);
}

/** Per vendor: the latest report expiry (bridge letters counted) and the latest answered questionnaire (its day and score). */
async function diligenceOf(db: Db, organizationId: string, vendorIds: readonly string[]) {
  const out = new Map<string, { reportExpiry: string | null; answeredOn: string | null; score: number | null }>();
  if (!vendorIds.length) return out;
  const [reports, answered] = await Promise.all([
    db
      .select({
        id: vendorReports.id,
        vendorId: vendorReports.vendorId,
        periodEnd: vendorReports.periodEnd,
        asOfDate: vendorReports.asOfDate,
      })
      .from(vendorReports)
      .where(and(eq(vendorReports.organizationId, organizationId), inArray(vendorReports.vendorId, [...vendorIds]))),
    db
      .select({
        vendorId: vendorQuestionnaires.vendorId,
        answeredAt: vendorQuestionnaires.answeredAt,
        score: vendorQuestionnaires.score,
      })
      .from(vendorQuestionnaires)
      .where(
        and(
          eq(vendorQuestionnaires.organizationId, organizationId),
          inArray(vendorQuestionnaires.vendorId, [...vendorIds]),
          isNotNull(vendorQuestionnaires.answeredAt),
        ),
      )
      .orderBy(desc(vendorQuestionnaires.answeredAt)),
  ]);
  const letters = await bridgeLettersOf(
    db,
    organizationId,
    reports.map((r) => r.id),
  );
  const lettersOf = Map.groupBy(letters, (l) => l.reportId);
  const byVendor = Map.groupBy(
    reports.map((r) => ({ ...r, bridgedUntil: bridgedUntil(lettersOf.get(r.id) ?? []) })),
    (r) => r.vendorId,
  );
  for (const id of vendorIds) {
    const latest = answered.find((q) => q.vendorId === id && q.score !== null);
    out.set(id, {
      reportExpiry: latestExpiry(byVendor.get(id) ?? []),
      answeredOn: latest?.answeredAt ? utcDay(latest.answeredAt) : null,
      score: latest?.score ?? null,
    });
  }
  return out;
}

/** Vendors as the API answers them: owners named, review and due-diligence state for `today`. */
async function views(db: Db, organizationId: string, rows: VendorRow[], now: Date) {
  const today = utcDay(now);
  const [person, diligence] = await Promise.all([
    peopleOf(
      db,
      rows.flatMap((r) => [r.ownerUserId, r.lastReviewedBy]),
    ),
    diligenceOf(
      db,
      organizationId,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => {
    const d = diligence.get(r.id);
    return {
      id: r.id,
      name: r.name,
      website: r.website,
      services: r.services,
      criticality: r.criticality as VendorCriticality | null,
      dataShared: r.dataShared as VendorDataCategory[],
      owner: person(r.ownerUserId),
      contractStart: r.contractStart,
      contractEnd: r.contractEnd,
      status: r.status as VendorStatus,
      isSubprocessor: r.isSubprocessor,
      subprocessorPurpose: r.subprocessorPurpose,
      subprocessorLocation: r.subprocessorLocation,
      isSubserviceOrg: r.isSubserviceOrg,
      nextReviewDate: r.nextReviewDate,
      reviewOverdue: r.status === "active" && (!r.nextReviewDate || r.nextReviewDate < today),
      lastReviewedAt: r.lastReviewedAt,
      lastReviewedBy: person(r.lastReviewedBy),
      dueDiligence: {
        state: dueDiligenceState(d?.reportExpiry ?? null, today),
        reportExpiry: d?.reportExpiry ?? null,
        questionnaireScore: d?.score ?? null,
      },
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  });
}

function filters(organizationId: string, q: Omit<ListQuery, "page" | "pageSize">, today: string) {
  const where: SQL[] = [eq(vendors.organizationId, organizationId)];
  if (q.status) where.push(eq(vendors.status, q.status));
  if (q.criticality) where.push(eq(vendors.criticality, q.criticality));
  if (q.owner) where.push(eq(vendors.ownerUserId, q.owner));
  if (q.subprocessor !== undefined) where.push(eq(vendors.isSubprocessor, q.subprocessor));
  if (q.subservice !== undefined) where.push(eq(vendors.isSubserviceOrg, q.subservice));
  if (q.reviewOverdue !== undefined) {
    const overdue = and(
      eq(vendors.status, "active"),
      or(sql`${vendors.nextReviewDate} is null`, lt(vendors.nextReviewDate, today)),
    )!;
    where.push(q.reviewOverdue ? overdue : sql`not (${overdue})`);
  }
  if (q.q) {
    const p = likePattern(q.q);
    where.push(or(ilike(vendors.name, p), ilike(vendors.services, p), ilike(vendors.website, p))!);
  }
  return and(...where);
}

// Most critical first, then by name.
const criticalityOrder = sql`case ${vendors.criticality} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;

export async function listVendors(db: Db, organizationId: string, q: ListQuery, now = new Date()) {
  const filter = filters(organizationId, q, utcDay(now));
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(vendors)
      .where(filter)
      .orderBy(vendors.status, criticalityOrder, sql`lower(${vendors.name})`, vendors.id)
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(vendors).where(filter),
  ]);
  return {
    items: await views(db, organizationId, rows, now),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Every vendor the filters select (the CSV export). */
export async function allVendors(
  db: Db,
  organizationId: string,
  q: Omit<ListQuery, "page" | "pageSize">,
  now = new Date(),
) {
  const rows = await db
    .select()
    .from(vendors)
    .where(filters(organizationId, q, utcDay(now)))
    .orderBy(vendors.status, criticalityOrder, sql`lower(${vendors.name})`, vendors.id);
  return views(db, organizationId, rows, now);
}

export async function vendorRow(db: Db, organizationId: string, id: string): Promise<VendorRow> {
  const [row] = await db
    .select()
    .from(vendors)
    .where(and(eq(vendors.organizationId, organizationId), eq(vendors.id, id)));
  if (!row) throw notFound("The vendor");
  return row;
}

export const vendorExists = async (db: Db, organizationId: string, id: string) =>
  (
    await db
      .select({ id: vendors.id })
      .from(vendors)
      .where(and(eq(vendors.organizationId, organizationId), eq(vendors.id, id)))
  ).length > 0;

export function reportView(
  r: ReportRow,
  letters: (typeof vendorBridgeLetters.$inferSelect)[],
  person: Awaited<ReturnType<typeof peopleOf>>,
) {
  const expiresOn = reportExpiry({ ...r, bridgedUntil: bridgedUntil(letters) });
  return {
    id: r.id,
    vendorId: r.vendorId,
    evidenceId: r.evidenceId,
    fileName: r.fileName,
    reportType: r.reportType as ReportRow["reportType"] & ("type1" | "type2" | "soc1" | "iso27001" | "other"),
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    asOfDate: r.asOfDate,
    expiresOn,
    extendedByBridgeLetter: expiresOn !== reportExpiry(r),
    opinion: r.opinion as "unqualified" | "qualified" | "adverse" | "disclaimer",
    exceptions: r.exceptions,
    cuecs: r.cuecs,
    uploadedBy: person(r.uploadedBy),
    reviewedBy: person(r.reviewedBy),
    reviewedAt: r.reviewedAt,
    reviewNotes: r.reviewNotes,
    bridgeLetters: letters.map((l) => ({
      id: l.id,
      evidenceId: l.evidenceId,
      fileName: l.fileName,
      coveredUntil: l.coveredUntil,
      uploadedBy: person(l.uploadedBy),
      createdAt: l.createdAt,
    })),
    createdAt: r.createdAt,
  };
}

export function questionnaireView(q: QuestionnaireRow, person: Awaited<ReturnType<typeof peopleOf>>, now: Date) {
  const answers = q.answers ?? {};
  return {
    id: q.id,
    vendorId: q.vendorId,
    templateName: q.templateName,
    contactEmail: q.contactEmail,
    contactName: q.contactName,
    state: linkState(q, now),
    expiresAt: q.expiresAt,
    sentBy: person(q.sentBy),
    sentAt: q.sentAt,
    questions: q.questions,
    answers: q.answers
      ? q.questions.map((question) => ({
          questionId: question.id,
          answer: answers[question.id] ?? "",
          favourable: favourable(question, answers[question.id]),
        }))
      : [],
    respondentName: q.respondentName,
    answeredAt: q.answeredAt,
    score: q.score,
    reviewedBy: person(q.reviewedBy),
    reviewedAt: q.reviewedAt,
  };
}

export async function loadVendor(db: Db, organizationId: string, id: string, now = new Date()) {
  const row = await vendorRow(db, organizationId, id);
  const [[v], reports, questionnaires] = await Promise.all([
    views(db, organizationId, [row], now),
    db
      .select()
      .from(vendorReports)
      .where(and(eq(vendorReports.organizationId, organizationId), eq(vendorReports.vendorId, id)))
      .orderBy(desc(vendorReports.createdAt), desc(vendorReports.id)),
    db
      .select()
      .from(vendorQuestionnaires)
      .where(and(eq(vendorQuestionnaires.organizationId, organizationId), eq(vendorQuestionnaires.vendorId, id)))
      .orderBy(desc(vendorQuestionnaires.sentAt), desc(vendorQuestionnaires.id)),
  ]);
  const letters = await bridgeLettersOf(
    db,
    organizationId,
    reports.map((r) => r.id),
  );
  const person = await peopleOf(db, [
    ...reports.flatMap((r) => [r.uploadedBy, r.reviewedBy]),
    ...letters.map((l) => l.uploadedBy),
    ...questionnaires.flatMap((q) => [q.sentBy, q.reviewedBy]),
  ]);
  return {
    ...v!,
    reports: reports.map((r) =>
      reportView(
        r,
        letters.filter((l) => l.reportId === r.id),
        person,
      ),
    ),
    questionnaires: questionnaires.map((q) => questionnaireView(q, person, now)),
  };
}

/** What the control checks judge, for every vendor of the organization. */
export async function vendorFacts(db: Db, organizationId: string): Promise<VendorFacts[]> {
  const rows = await db.select().from(vendors).where(eq(vendors.organizationId, organizationId));
  const diligence = await diligenceOf(
    db,
    organizationId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    name: r.name,
    status: r.status as VendorStatus,
    criticality: r.criticality as VendorCriticality | null,
    ownerUserId: r.ownerUserId,
    nextReviewDate: r.nextReviewDate,
    isSubprocessor: r.isSubprocessor,
    reportExpiry: diligence.get(r.id)?.reportExpiry ?? null,
    questionnaireAnsweredOn: diligence.get(r.id)?.answeredOn ?? null,
  }));
}

export async function declaredNoSubprocessors(db: Db, organizationId: string) {
  const [row] = await db.select().from(vendorSettings).where(eq(vendorSettings.organizationId, organizationId));
  return row?.noSubprocessors ?? false;
}

/** The active subprocessors (what the trust center shows) and the subservice organizations (the scope). */
export async function subprocessors(db: Db, organizationId: string) {
  const rows = await db
    .select()
    .from(vendors)
    .where(
      and(
        eq(vendors.organizationId, organizationId),
        eq(vendors.status, "active"),
        or(eq(vendors.isSubprocessor, true), eq(vendors.isSubserviceOrg, true)),
      ),
    )
    .orderBy(sql`lower(${vendors.name})`);
  return {
    noSubprocessors: await declaredNoSubprocessors(db, organizationId),
    subprocessors: rows
      .filter((r) => r.isSubprocessor)
      .map((r) => ({
        id: r.id,
        name: r.name,
        website: r.website,
        purpose: r.subprocessorPurpose,
        location: r.subprocessorLocation,
        dataShared: r.dataShared as VendorDataCategory[],
      })),
    subserviceOrganizations: rows
      .filter((r) => r.isSubserviceOrg)
      .map((r) => ({ id: r.id, name: r.name, services: r.services, website: r.website })),
  };
}
