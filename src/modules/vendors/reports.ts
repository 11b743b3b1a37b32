/**
 * Due diligence: a vendor's assurance report (and its bridge letters) uploaded as evidence — stored, hashed and
 * ledgered by the evidence module like any upload, and linked to VND-02 in an active program that has it — with
 * what we read in it recorded here: type, period, opinion, exceptions, the complementary user entity controls that
 * fall on us, and who reviewed it when.
 */
import type { Readable } from "node:stream";
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import { CONTROLS, REPORT_NAMES, reportDatesProblem } from "../../core/vendors.ts";
import { programControls, programs, vendorBridgeLetters, vendorReports, vendors } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { Change } from "../../kernel/types.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { blobStoreFor } from "../../platform/storage/index.ts";
import { createEvidenceService, type EvidenceService } from "../evidence/public.ts";
import { bridgeLetterAdded, reportRecorded, reportReviewed, reportUpdated } from "./events.ts";
import type { ReportDetails, UpdateReportInput } from "./schema.ts";

export type StagedFile = Awaited<ReturnType<EvidenceService["stage"]>>;

const userOf = (a: Actor) => (a.kind === "system" ? null : a.userId);

export function reportFiles(ctx: Pick<AppContext, "db" | "config" | "keys">) {
  const service = createEvidenceService({ db: ctx.db, store: blobStoreFor(ctx.config, ctx.keys), config: ctx.config });

  /** Streams an upload into temporary storage; anything but a PDF is refused. */
  async function stage(body: Readable, fileName: string): Promise<StagedFile> {
    const staged = await service.stage(body, fileName);
    if (staged.detected.mimeType !== "application/pdf") {
      await service.discard([staged]);
      throw badRequest("pdf_required", `“${fileName}” is not a PDF. Upload the report as the PDF the vendor sent.`);
    }
    return staged;
  }

  /** An active program with VND-02, whose control the file is linked to (none: the file is stored unlinked). */
  async function programFor(organizationId: string) {
    const [p] = await ctx.db
      .select({ id: programs.id })
      .from(programControls)
      .innerJoin(programs, eq(programs.id, programControls.programId))
      .where(
        and(
          eq(programControls.organizationId, organizationId),
          eq(programControls.key, CONTROLS.dueDiligence),
          isNull(programs.archivedAt),
        ),
      )
      .orderBy(programs.createdAt)
      .limit(1);
    return p?.id;
  }

  /** Submits the staged file as evidence and returns its id. */
  async function submit(
    actor: Actor,
    staged: StagedFile,
    meta: { title: string; description: string; from?: string | null; to?: string | null },
  ) {
    const programId = await programFor(actor.organizationId);
    // Evidence covers days that have passed: a letter covering the months ahead is evidence up to today.
    const today = utcDay();
    const clamp = (d: string | null | undefined) => (d ? (d > today ? today : d) : undefined);
    const [item] = await service.submitFiles(actor, [staged], {
      title: meta.title,
      description: meta.description,
      effectiveFrom: clamp(meta.from),
      effectiveTo: clamp(meta.to),
      ...(programId ? { programId, controls: [CONTROLS.dueDiligence] } : { controls: [] }),
    });
    return item!.id;
  }

  return { stage, discard: (s: StagedFile) => service.discard([s]), submit };
}

async function vendorOf(db: AppContext["db"], organizationId: string, id: string) {
  const [v] = await db
    .select({ id: vendors.id, name: vendors.name })
    .from(vendors)
    .where(and(eq(vendors.organizationId, organizationId), eq(vendors.id, id)));
  if (!v) throw notFound("The vendor");
  return v;
}

export function checkReportDates(d: {
  periodStart?: string | null;
  periodEnd?: string | null;
  asOfDate?: string | null;
}) {
  const problem = reportDatesProblem(d);
  if (problem) throw badRequest("dates_out_of_order", problem);
}

const ledgerView = (r: typeof vendorReports.$inferSelect, vendor: string) => ({
  vendor,
  fileName: r.fileName,
  evidenceId: r.evidenceId,
  reportType: r.reportType,
  periodStart: r.periodStart,
  periodEnd: r.periodEnd,
  asOfDate: r.asOfDate,
  opinion: r.opinion,
  exceptions: r.exceptions,
  cuecs: r.cuecs,
});

/** Records an uploaded report: the file becomes evidence, then the report row in its own change. */
export async function recordReport(
  ctx: Pick<AppContext, "db" | "config" | "keys">,
  actor: Actor,
  vendorId: string,
  details: ReportDetails,
  staged: StagedFile,
) {
  const files = reportFiles(ctx);
  let evidenceId: string;
  let vendor: { id: string; name: string };
  try {
    checkReportDates(details);
    vendor = await vendorOf(ctx.db, actor.organizationId, vendorId);
    evidenceId = await files.submit(actor, staged, {
      title: `${vendor.name}: ${REPORT_NAMES[details.reportType]}`,
      description: `Assurance report of the vendor ${vendor.name} (${details.opinion} opinion).`,
      from: details.periodStart ?? details.asOfDate,
      to: details.periodEnd ?? details.asOfDate,
    });
  } catch (err) {
    await files.discard(staged);
    throw err;
  }
  return change(ctx.db, actor, async (c) => {
    const row = {
      id: newId(),
      organizationId: actor.organizationId,
      vendorId,
      evidenceId,
      fileName: staged.fileName,
      reportType: details.reportType,
      periodStart: details.periodStart ?? null,
      periodEnd: details.periodEnd ?? null,
      asOfDate: details.asOfDate ?? null,
      opinion: details.opinion,
      exceptions: details.exceptions ?? [],
      cuecs: (details.cuecs ?? []).map((x) => ({ text: x.text, controlKey: x.controlKey ?? null })),
      uploadedBy: userOf(actor),
      reviewedBy: null,
      reviewedAt: null,
      reviewNotes: null,
      createdAt: c.now,
    };
    await c.tx.insert(vendorReports).values(row);
    await c.emit(reportRecorded, { id: row.id, after: ledgerView(row, vendor.name) });
    return row.id;
  });
}

async function lockReport(c: Change, vendorId: string, reportId: string) {
  const [r] = await c.tx
    .select()
    .from(vendorReports)
    .where(
      and(
        eq(vendorReports.organizationId, c.actor.organizationId),
        eq(vendorReports.vendorId, vendorId),
        eq(vendorReports.id, reportId),
      ),
    )
    .for("update");
  if (!r) throw notFound("The report");
  const vendor = await vendorOf(c.tx, c.actor.organizationId, vendorId);
  return { r, vendor };
}

export async function updateReport(c: Change, vendorId: string, reportId: string, input: UpdateReportInput) {
  const { r, vendor } = await lockReport(c, vendorId, reportId);
  const next = { ...r };
  for (const [k, v] of Object.entries(input)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
  if (input.cuecs) next.cuecs = input.cuecs.map((x) => ({ text: x.text, controlKey: x.controlKey ?? null }));
  checkReportDates(next);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const old = ledgerView(r, vendor.name);
  for (const [k, v] of Object.entries(ledgerView(next, vendor.name)))
    if (JSON.stringify(v) !== JSON.stringify(old[k as keyof typeof old])) {
      before[k] = old[k as keyof typeof old];
      after[k] = v;
    }
  if (!Object.keys(after).length) return;
  await c.tx.update(vendorReports).set(next).where(eq(vendorReports.id, reportId));
  await c.emit(reportUpdated, {
    id: reportId,
    before: { fileName: r.fileName, ...before },
    after: { fileName: r.fileName, vendor: vendor.name, ...after },
  });
}

export async function reviewReport(c: Change, vendorId: string, reportId: string, notes: string | undefined) {
  const { r, vendor } = await lockReport(c, vendorId, reportId);
  await c.tx
    .update(vendorReports)
    .set({ reviewedBy: userOf(c.actor), reviewedAt: c.now, reviewNotes: notes ?? null })
    .where(eq(vendorReports.id, reportId));
  await c.emit(reportReviewed, {
    id: reportId,
    after: { vendor: vendor.name, fileName: r.fileName, notes: notes ?? null },
  });
}

export async function addBridgeLetter(
  ctx: Pick<AppContext, "db" | "config" | "keys">,
  actor: Actor,
  vendorId: string,
  reportId: string,
  coveredUntil: string,
  staged: StagedFile,
) {
  const files = reportFiles(ctx);
  let evidenceId: string;
  let vendor: { id: string; name: string };
  try {
    vendor = await vendorOf(ctx.db, actor.organizationId, vendorId);
    const [r] = await ctx.db
      .select()
      .from(vendorReports)
      .where(
        and(
          eq(vendorReports.organizationId, actor.organizationId),
          eq(vendorReports.vendorId, vendorId),
          eq(vendorReports.id, reportId),
        ),
      );
    if (!r) throw notFound("The report");
    const end = r.periodEnd ?? r.asOfDate;
    if (end && coveredUntil <= end)
      throw badRequest(
        "dates_out_of_order",
        `A bridge letter covers time after the report's period, which ends on ${end}: ${coveredUntil} is not after it.`,
      );
    evidenceId = await files.submit(actor, staged, {
      title: `${vendor.name}: bridge letter until ${coveredUntil}`,
      description: `Bridge letter of the vendor ${vendor.name} covering the time after its report “${r.fileName}”.`,
      from: end,
      to: coveredUntil,
    });
  } catch (err) {
    await files.discard(staged);
    throw err;
  }
  return change(ctx.db, actor, async (c) => {
    const id = newId();
    await c.tx.insert(vendorBridgeLetters).values({
      id,
      organizationId: actor.organizationId,
      reportId,
      evidenceId,
      fileName: staged.fileName,
      coveredUntil,
      uploadedBy: userOf(actor),
      createdAt: c.now,
    });
    await c.emit(bridgeLetterAdded, {
      id: reportId,
      after: { vendor: vendor.name, bridgeLetterId: id, fileName: staged.fileName, coveredUntil, evidenceId },
    });
    return id;
  });
}
