import { inflateSync } from "node:zlib";
import { asc, eq } from "drizzle-orm";
import { member, orgWithOwner } from "../../../test/people.ts";
import { systemActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { ledgerEntries, notifications, programControls, programs, remediationItems } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import type { RemediationStatus } from "./schema.ts";
import { createRemediationItems, type NewRemediationItem } from "./store.ts";

/**
 * Test fixtures: a program with two controls (GOV-01, ACC-01) inserted directly, and plan items created through
 * `createRemediationItems` as the system. Tests that are not about programs use these instead of the programs API.
 */

export const TEST_CONTROL_KEYS = ["GOV-01", "ACC-01"] as const;

export async function seedProgram(db: Db, organizationId: string, name = `SOC 2 ${newId().slice(-6)}`) {
  const [program] = await db
    .insert(programs)
    .values({ id: newId(), organizationId, name, reportType: "type2", categories: ["security"], scope: {} })
    .returning();
  for (const [i, key] of TEST_CONTROL_KEYS.entries())
    await db.insert(programControls).values({
      id: newId(),
      organizationId,
      programId: program!.id,
      key,
      name: i === 0 ? "Code of conduct" : "Access reviews",
      description: i === 0 ? "Staff accept the code of conduct." : "Access is reviewed every quarter.",
      ownerRole: "compliance_manager",
      frequency: i === 0 ? "annually" : "quarterly",
      natureType: "preventive",
      natureMode: "manual",
      evidence: [],
      policies: [],
      criteria: ["CC1.1"],
    });
  return program!;
}

export const sampleItem = (over: Partial<NewRemediationItem> = {}): NewRemediationItem => ({
  title: "Enforce MFA on the cloud console",
  gap: "Two administrators sign in with a password only.",
  rootCause: "MFA was never required when the account was set up.",
  likelihood: 3,
  impact: 4,
  action: "Require MFA for every console user.",
  monitoring: "Monthly export of the IAM credential report.",
  criteria: ["CC6.1"],
  controls: ["ACC-01"],
  ...over,
});

/** Adds items to the plan as the system (in one change); returns their ids and refs. */
export async function seedItems(db: Db, organizationId: string, programId: string, items: NewRemediationItem[]) {
  return change(db, systemActor(organizationId), (c) => createRemediationItems(c, programId, items));
}

/** A program with one item: what most authorization fixtures need. */
export async function seedProgramWithItem(db: Db, organizationId: string, over: Partial<NewRemediationItem> = {}) {
  const program = await seedProgram(db, organizationId);
  const [item] = await seedItems(db, organizationId, program.id, [sampleItem(over)]);
  return { program, item: item! };
}

/**
 * Puts an item straight into a state (no transition rules, no ledger): for authorization fixtures that need an
 * item owned by someone who could not be made its owner through the API, or one that is already done.
 */
export async function forceItem(db: Db, id: string, set: { ownerUserId?: string | null; status?: RemediationStatus }) {
  const done = set.status === "done" || set.status === "verified";
  await db
    .update(remediationItems)
    .set({ ...set, ...(done ? { completedAt: new Date() } : {}) })
    .where(eq(remediationItems.id, id));
}

/** Everything a remediation write could touch in an organization, to prove a refused request changed nothing. */
export async function planSnapshot(db: Db, organizationId: string) {
  return {
    items: await db
      .select()
      .from(remediationItems)
      .where(eq(remediationItems.organizationId, organizationId))
      .orderBy(asc(remediationItems.id)),
    notifications: await db
      .select()
      .from(notifications)
      .where(eq(notifications.organizationId, organizationId))
      .orderBy(asc(notifications.id)),
    ledger: await db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.organizationId, organizationId))
      .orderBy(asc(ledgerEntries.seq)),
  };
}

/**
 * The text lines a pdfkit document draws (one per TJ operator), from its Flate-compressed content streams: enough to
 * check that a PDF shows what it should without a PDF library.
 */
export function pdfLines(pdf: Buffer): string[] {
  return pdfPageLines(pdf).flat();
}

/**
 * The text lines of each page, in page order: one content stream per page (the footer's "Page n of m" is drawn
 * into the same stream, so a test can check which page a line landed on).
 */
export function pdfPageLines(pdf: Buffer): string[][] {
  const raw = pdf.toString("latin1");
  const pages: string[][] = [];
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    const bytes = Buffer.from(raw.slice(start, end), "latin1");
    let content: string;
    try {
      content = inflateSync(bytes).toString("latin1");
    } catch {
      content = bytes.toString("latin1");
    }
    const lines = [...content.matchAll(/\[([^\]]*)\]\s*TJ/g)].map((tj) =>
      [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, "hex").toString("latin1")).join(""),
    );
    if (lines.length) pages.push(lines);
    streams.lastIndex = end + "endstream".length;
  }
  return pages;
}

export const remediationUrl = (programId: string, rest = "") => `/api/v1/programs/${programId}/remediation${rest}`;

/** A complete, valid item body for the API, with `over` applied. */
export const itemBody = (over: Record<string, unknown> = {}) => ({
  title: "Enforce MFA on the cloud console",
  gap: "Two administrators sign in with a password only.",
  rootCause: "MFA was never required.",
  likelihood: 4,
  impact: 5,
  action: "Require MFA for every console user.",
  monitoring: "Monthly IAM credential report.",
  criteria: ["CC6.1"],
  controls: ["ACC-01"],
  evidence: ["https://wiki.example.test/mfa"],
  ...over,
});

/** An organization with an owner, a compliance manager, a control owner and a program. */
export async function remediationTeam(app: ApiApp, db: Db) {
  const owner = await orgWithOwner(app, db);
  const cm = await member(app, db, owner.org.id, "compliance_manager");
  const co = await member(app, db, owner.org.id, "control_owner");
  const program = await seedProgram(db, owner.org.id);
  return { org: owner.org, owner, cm, co, program };
}
