/**
 * The completion report: who completed security awareness training in a period, how (the course with its score, or
 * external training accepted) and until when it is valid, with today's standing of everyone who must be trained.
 * CSV for spreadsheets, PDF for auditors; either can be attached as evidence to HR-04.
 */
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { TRAINING_STATUS_LABELS, TRAINING_VALID_MONTHS } from "../../core/training.ts";
import type { Db } from "../../db/client.ts";
import { people, trainingAttempts, trainingCompletions, trainingExternal } from "../../db/schema/index.ts";
import { csvLine } from "../../platform/csv.ts";
import { badRequest } from "../../platform/errors.ts";
import { createPdf, pdfDate } from "../../platform/pdf.ts";
import { organizationLogo, organizationName } from "../organizations/public.ts";
import { COURSE_ID, course, organizationStanding } from "./store.ts";

export interface ReportRow {
  fullName: string;
  email: string;
  department: string | null;
  source: "course" | "external";
  completedOn: string;
  validUntil: string;
  score: number | null;
  provider: string | null;
  externalCourse: string | null;
}

export async function reportData(db: Db, organizationId: string, from: string, to: string, now: Date) {
  if (from > to) throw badRequest("invalid_period", `The period ends (${to}) before it starts (${from}).`);
  const c = trainingCompletions;
  const rows = await db
    .select({
      fullName: people.fullName,
      email: people.email,
      department: people.department,
      source: c.source,
      completedOn: c.completedOn,
      validUntil: c.validUntil,
      score: trainingAttempts.score,
      provider: trainingExternal.provider,
      externalCourse: trainingExternal.courseTitle,
    })
    .from(c)
    .innerJoin(people, eq(people.id, c.personId))
    .leftJoin(trainingAttempts, eq(trainingAttempts.id, c.attemptId))
    .leftJoin(trainingExternal, eq(trainingExternal.id, c.externalId))
    .where(
      and(
        eq(c.organizationId, organizationId),
        eq(c.courseId, COURSE_ID),
        gte(c.completedOn, from),
        lte(c.completedOn, to),
      ),
    )
    .orderBy(asc(c.completedOn), asc(people.fullName));
  const standing = await organizationStanding(db, organizationId, now);
  const logo = (await organizationLogo(db, organizationId))?.bytes ?? null;
  return {
    organization: await organizationName(db, organizationId),
    logo,
    from,
    to,
    rows: rows as ReportRow[],
    standing,
    generatedAt: now,
  };
}
export type ReportData = Awaited<ReturnType<typeof reportData>>;

const CSV_COLUMNS = [
  "person",
  "email",
  "department",
  "course",
  "how",
  "completed_on",
  "valid_until",
  "quiz_score",
  "external_provider",
  "external_course",
] as const;

export function reportCsv(d: ReportData): string {
  const title = course().title;
  return [
    csvLine(CSV_COLUMNS),
    ...d.rows.map((r) =>
      csvLine([
        r.fullName,
        r.email,
        r.department ?? "",
        title,
        r.source === "course" ? "course and quiz" : "external training",
        r.completedOn,
        r.validUntil,
        r.score ?? "",
        r.provider ?? "",
        r.externalCourse ?? "",
      ]),
    ),
  ].join("");
}

const STATUS_COLORS = { complete: "#2b8a3e", due: "#1c7ed6", overdue: "#c92a2a", expired: "#e8590c" } as const;

export async function reportPdf(d: ReportData): Promise<Buffer> {
  const co = course();
  const { standings, check, settings } = d.standing;
  const complete = standings.filter((s) => s.training.status === "complete").length;
  const pdf = createPdf({
    title: "Security awareness training report",
    organization: d.organization,
    logo: d.logo,
    generatedAt: d.generatedAt,
  });
  pdf.titlePage({
    kicker: "Training completion report",
    title: co.title,
    subtitle: `Completions from ${d.from} to ${d.to}`,
    facts: [
      ["Organization", d.organization],
      ["Period", `${d.from} to ${d.to}`],
      ["Completions in the period", String(d.rows.length)],
      ["People who must be trained today", String(standings.length)],
      ["With a valid completion today", `${complete} (${settings.requiredShare}% required)`],
      ["A completion is valid", `${TRAINING_VALID_MONTHS} months`],
      ["Generated", pdfDate(d.generatedAt)],
    ],
  });
  pdf.heading("Summary");
  pdf.stats([
    { label: "Completions in period", value: d.rows.length },
    { label: "Must be trained", value: standings.length },
    { label: "Valid today", value: complete, color: STATUS_COLORS.complete },
    {
      label: "Overdue or expired",
      value: standings.filter((s) => s.training.status === "overdue" || s.training.status === "expired").length,
      color: STATUS_COLORS.overdue,
    },
  ]);
  if (check) pdf.paragraph(check.reason, { muted: true });
  pdf.paragraph(
    `The course covers ${co.modules.map((m) => m.title.toLowerCase()).join(", ")}, and ends with a ${co.quiz.length}-question quiz graded by the server (pass mark ${settings.passMark}%). External training counts once a compliance manager accepts its certificate.`,
  );
  pdf.heading("Completions in the period");
  if (!d.rows.length) pdf.paragraph("Nobody completed the training in this period.", { muted: true });
  else
    pdf.table(
      [
        { header: "Person", width: 3 },
        { header: "Department", width: 2 },
        { header: "How", width: 3 },
        { header: "Completed", width: 1.6 },
        { header: "Valid until", width: 1.6 },
      ],
      d.rows.map((r) => [
        { text: r.fullName, bold: true },
        r.department ?? "",
        r.source === "course"
          ? `Course and quiz (${r.score ?? "?"}%)`
          : `External: ${r.provider ?? ""}, ${r.externalCourse ?? ""}`,
        r.completedOn,
        r.validUntil,
      ]),
    );
  const outstanding = standings.filter((s) => s.training.status !== "complete");
  pdf.heading("Not current today");
  if (!outstanding.length) pdf.paragraph("Everyone who must be trained has a valid completion.", { muted: true });
  else
    pdf.table(
      [
        { header: "Person", width: 3 },
        { header: "Department", width: 2 },
        { header: "Status", width: 1.5 },
        { header: "Due", width: 1.6 },
        { header: "Last completed", width: 1.8 },
      ],
      outstanding.map((s) => [
        s.person.fullName,
        s.person.department ?? "",
        { text: TRAINING_STATUS_LABELS[s.training.status], badge: STATUS_COLORS[s.training.status] },
        s.training.dueDate,
        s.training.completedOn ?? "never",
      ]),
    );
  return pdf.finish();
}
