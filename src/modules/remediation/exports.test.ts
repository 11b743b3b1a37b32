import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { remediationItems } from "../../db/schema/index.ts";
import { BURNDOWN_MAX_DAYS, burndown } from "./burndown.ts";
import { CSV_COLUMNS } from "./exports.ts";
import { addDays, utcDay } from "./store.ts";
import { forceItem, pdfLines, sampleItem, seedItems, seedProgram } from "./testing.ts";

const { ctx, app } = withTestApp();

const url = (programId: string, rest = "") => `/api/v1/programs/${programId}/remediation${rest}`;
const at = (day: string, time = "12:00:00") => new Date(`${day}T${time}Z`);

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("GET /programs/:programId/remediation.csv", () => {
  it("exports every filtered item, quoted properly and safe to open in a spreadsheet", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db, "Csv Co");
    const co = await member(app, ctx.db, org.id, "control_owner");
    const program = await seedProgram(ctx.db, org.id, "SOC 2 / Type II");
    await seedItems(ctx.db, org.id, program.id, [
      sampleItem({
        title: '=HYPERLINK("http://evil.example","click")',
        gap: 'Quotes " and, commas\nand a second line',
        rootCause: "+1 from the last audit",
        action: "-rm everything",
        monitoring: "@SUM(A1:A2)",
        evidence: ["https://a.example/1", "https://a.example/2"],
        criteria: ["CC6.1", "CC6.2"],
        ownerUserId: co.user.id,
        dueDate: "2030-05-01",
      }),
      ...Array.from({ length: 30 }, (_, i) => sampleItem({ title: `Bulk item ${i}`, likelihood: 1, impact: 1 })),
    ]);

    const res = await client.get(url(program.id, ".csv"));
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="remediation-soc-2-type-ii-${utcDay()}.csv"`);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(32); // header + all 31 items: exports are not paged
    const first = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(first).toMatchObject({
      ref: "R-1",
      title: `'=HYPERLINK("http://evil.example","click")`,
      gap: 'Quotes " and, commas\nand a second line',
      root_cause: "'+1 from the last audit",
      action: "'-rm everything",
      monitoring: "'@SUM(A1:A2)",
      priority: "high",
      likelihood: "3",
      impact: "4",
      risk_score: "12",
      owner_email: co.user.email,
      due_date: "2030-05-01",
      overdue: "no",
      criteria: "CC6.1; CC6.2",
      evidence: "https://a.example/1; https://a.example/2",
      status: "open",
      source: "manual",
    });
    // The raw bytes quote the cell and double the quotes inside it.
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);

    const filtered = parseCsv((await client.get(url(program.id, ".csv?priority=high"))).body);
    expect(filtered.map((r) => r[0])).toEqual(["ref", "R-1"]);
    expect((await client.get(url(program.id, ".csv?pageSize=10"))).statusCode).toBe(400);
  });
});

describe("GET /programs/:programId/remediation.pdf", () => {
  it("renders an A4 plan with a title page, the summary and every item", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db, "Pdf Co");
    const co = await member(app, ctx.db, org.id, "control_owner");
    const program = await seedProgram(ctx.db, org.id, "SOC 2 Type II 2027");
    const titles = Array.from({ length: 14 }, (_, i) => `Plan item number ${i + 1}`);
    await seedItems(
      ctx.db,
      org.id,
      program.id,
      titles.map((title, i) =>
        sampleItem({
          title,
          likelihood: (i % 5) + 1,
          ownerUserId: i % 2 ? co.user.id : null,
          gap: i === 3 ? "A very long description of the gap. ".repeat(120) : "Short gap.",
        }),
      ),
    );
    const res = await client.get(url(program.id, ".pdf"));
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="remediation-soc-2-type-ii-2027-.*\.pdf"$/,
    );
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pdf.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");

    const lines = pdfLines(pdf);
    expect(lines).toContain("REMEDIATION PLAN");
    expect(lines).toContain("SOC 2 Type II 2027");
    expect(lines).toContain("Pdf Co");
    for (const title of titles)
      expect(
        lines.some((l) => l.includes(title)),
        title,
      ).toBe(true);
    expect(lines).toContain(`Page 1 of ${pages.length}`);
    expect(lines).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(lines).toContain(co.user.name);

    // Filters apply; an empty plan still renders.
    const empty = await client.get(url(program.id, ".pdf?status=verified"));
    expect(empty.statusCode).toBe(200);
    expect(pdfLines(empty.rawPayload)).toContain("No remediation items match this plan's filters.");
  });
});

describe("GET /programs/:programId/remediation/summary", () => {
  it("counts by status and priority and draws the burndown from creation and completion times", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const program = await seedProgram(ctx.db, org.id);
    const today = utcDay();
    const d = (n: number) => addDays(today, n);
    const items = await seedItems(ctx.db, org.id, program.id, [
      sampleItem({ likelihood: 5, impact: 5, dueDate: d(-1) }), // critical, open, overdue
      sampleItem({ likelihood: 3, impact: 3, dueDate: d(3) }), // high, done
      sampleItem({ likelihood: 1, impact: 1, dueDate: d(-5) }), // low, verified (not overdue)
      sampleItem({ likelihood: 2, impact: 2, dueDate: d(10) }), // medium, in progress
    ]);
    const [a, b, c, e] = items.map((i) => i.id);
    const set = (id: string, v: Partial<typeof remediationItems.$inferInsert>) =>
      ctx.db.update(remediationItems).set(v).where(eq(remediationItems.id, id!));
    await set(a!, { createdAt: at(d(-3)) });
    await set(b!, { createdAt: at(d(-2)), status: "done", completedAt: at(d(-1), "08:00:00") });
    await set(c!, { createdAt: at(d(-2)), status: "verified", completedAt: at(d(-2), "23:00:00") });
    await set(e!, { createdAt: at(today, "00:00:01"), status: "in_progress" });
    await forceItem(ctx.db, e!, { ownerUserId: (await member(app, ctx.db, org.id, "control_owner")).user.id });

    const res = await client.get(url(program.id, "/summary"));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      total: 4,
      byStatus: { open: 1, in_progress: 1, done: 1, verified: 1 },
      byPriority: { critical: 1, high: 1, medium: 1, low: 1 },
      openByPriority: { critical: 1, high: 0, medium: 1, low: 0 },
      overdue: 1,
      unassigned: 1,
      burndown: [
        { day: d(-3), open: 1, created: 1, openSteps: 0 },
        { day: d(-2), open: 2, created: 3, openSteps: 0 },
        { day: d(-1), open: 1, created: 3, openSteps: 0 },
        { day: today, open: 2, created: 4, openSteps: 0 },
      ],
    });

    const empty = await seedProgram(ctx.db, org.id);
    expect((await client.get(url(empty.id, "/summary"))).json()).toMatchObject({ total: 0, overdue: 0, burndown: [] });
  });

  it("caps the burndown at the last 180 days", () => {
    const today = "2026-06-30";
    const series = burndown(
      [
        { createdAt: at("2025-01-01"), completedAt: null },
        { createdAt: at("2026-06-01"), completedAt: at("2026-06-10") },
      ],
      today,
    );
    expect(series).toHaveLength(BURNDOWN_MAX_DAYS);
    expect(series[0]).toEqual({ day: addDays(today, -(BURNDOWN_MAX_DAYS - 1)), open: 1, created: 1, openSteps: 0 });
    expect(series.find((p) => p.day === "2026-06-05")).toEqual({
      day: "2026-06-05",
      open: 2,
      created: 2,
      openSteps: 0,
    });
    expect(series.at(-1)).toEqual({ day: today, open: 1, created: 2, openSteps: 0 });
    expect(burndown([], today)).toEqual([]);
  });
});

describe("notes in the exports", () => {
  it("show what was done and how it was checked, in the CSV and the PDF", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db, "Notes Co");
    const cm = await member(app, ctx.db, org.id, "compliance_manager");
    const program = await seedProgram(ctx.db, org.id);
    const [item] = await seedItems(ctx.db, org.id, program.id, [sampleItem({ ownerUserId: cm.user.id })]);
    const at = url(program.id, `/${item!.id}`);
    await cm.client.post(`${at}/status`, { status: "in_progress" });
    await cm.client.post(`${at}/status`, { status: "done", note: "Enforced MFA in the identity provider." });
    await client.post(`${at}/verify`, { note: "Signed in without a key: refused." });

    const rows = parseCsv((await client.get(url(program.id, ".csv"))).body);
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(row).toMatchObject({
      done_note: "Enforced MFA in the identity provider.",
      verification_note: "Signed in without a key: refused.",
    });
    const lines = pdfLines((await client.get(url(program.id, ".pdf"))).rawPayload);
    for (const text of [
      "What was done",
      "Enforced MFA in the identity provider.",
      "How it was checked",
      "Signed in without a key: refused.",
    ])
      expect(
        lines.some((l) => l.includes(text)),
        text,
      ).toBe(true);
  });
});
