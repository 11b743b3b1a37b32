/** The review's report: every account with its reviewer, decision, comment and how it was carried out (CSV and PDF). */
import { ACCESS_DECISION_LABELS, ACCESS_RESOURCE_TYPE_LABELS } from "../../core/access-review.ts";
import { csvLine } from "../../platform/csv.ts";
import { createPdf, PDF_COLORS, type PdfCell, pdfDate, pdfDateTime } from "../../platform/pdf.ts";
import type { Account, Campaign } from "./schema.ts";

export const REPORT_COLUMNS = [
  "account",
  "kind",
  "email",
  "roles",
  "status_at_launch",
  "person",
  "flag",
  "reviewer_name",
  "reviewer_email",
  "decision",
  "new_role",
  "comment",
  "decided_by",
  "decided_at",
  "completed_at",
  "completed_by",
  "completion_note",
  "confirmed_by_sync_at",
] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : "");
const FLAG_LABELS = { orphan: "No person in the directory", left: "Holder has left" } as const;

export function reportCsv(accounts: readonly Account[]): string {
  const lines = [csvLine(REPORT_COLUMNS)];
  for (const a of accounts)
    lines.push(
      csvLine([
        a.account,
        a.kind,
        a.email ?? "",
        a.roles.join("; "),
        a.accountStatus,
        a.person?.name ?? "",
        a.flag ?? "",
        a.reviewer?.name ?? "",
        a.reviewer?.email ?? "",
        a.decision ?? "",
        a.newRole ?? "",
        a.comment,
        a.decidedBy?.email ?? "",
        iso(a.decidedAt),
        iso(a.completedAt),
        a.completedBy?.email ?? "",
        a.completionNote ?? "",
        iso(a.confirmedAt),
      ]),
    );
  return lines.join("");
}

const DECISION_COLORS = { keep: "#2f9e44", revoke: "#e03131", change_role: "#f08c00" } as const;

/** How a revocation or role change ended, in a few words. */
export function outcomeOf(a: Account): string {
  if (a.decision !== "revoke" && a.decision !== "change_role") return "";
  const parts = [
    a.confirmedAt ? `confirmed by sync ${pdfDateTime(a.confirmedAt)}` : null,
    a.completedAt ? `done ${pdfDate(a.completedAt)}${a.completedBy ? ` by ${a.completedBy.name}` : ""}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "not done";
}

export async function reportPdf(
  r: { organization: string; campaign: Campaign; accounts: readonly Account[] },
  o: { compress?: boolean; generatedAt?: Date; logo?: Buffer | null } = {},
): Promise<Buffer> {
  const { campaign, accounts } = r;
  const generatedAt = o.generatedAt ?? new Date();
  const pdf = createPdf({
    title: `Access review: ${campaign.name}`,
    organization: r.organization,
    logo: o.logo,
    generatedAt,
    compress: o.compress,
  });
  const p = campaign.progress;
  pdf.titlePage({
    kicker: "User access review",
    title: campaign.name,
    subtitle: r.organization,
    facts: [
      ["System", campaign.system],
      [
        "Source",
        campaign.connection
          ? `${campaign.connection.name} (${campaign.resourceTypes.map((t) => ACCESS_RESOURCE_TYPE_LABELS[t] ?? t).join(", ")})`
          : "Uploaded list",
      ],
      ["Launched", pdfDateTime(campaign.launchedAt)],
      ["Due", campaign.dueOn],
      [
        "Closed",
        campaign.closedAt
          ? `${pdfDateTime(campaign.closedAt)}${campaign.closedBy ? ` by ${campaign.closedBy.name}` : ""}`
          : "Still open",
      ],
      ["Generated", pdfDateTime(generatedAt)],
    ],
  });
  pdf.heading("At a glance", 2, { keep: 70 });
  pdf.stats([
    { label: "Accounts reviewed", value: p.total },
    { label: "Kept", value: p.kept, color: DECISION_COLORS.keep },
    { label: "Revoked", value: p.revoked, color: DECISION_COLORS.revoke },
    { label: "Role changed", value: p.changed, color: DECISION_COLORS.change_role },
  ]);
  if (campaign.closeNote) {
    pdf.heading("Closed with unfinished changes", 2);
    pdf.paragraph(campaign.closeNote);
  }
  const flagged = accounts.filter((a) => a.flag);
  if (flagged.length) {
    pdf.heading("Flagged accounts", 2);
    pdf.paragraph("Accounts that match nobody in the people directory, and accounts of people who have left.", {
      muted: true,
    });
    pdf.table(
      [
        { header: "Account", width: 3 },
        { header: "Flag", width: 2.4 },
        { header: "Decision", width: 1.4 },
        { header: "Outcome", width: 3 },
      ],
      flagged.map((a): PdfCell[] => [
        { text: a.account, bold: true },
        FLAG_LABELS[a.flag!],
        a.decision ? { text: ACCESS_DECISION_LABELS[a.decision], badge: DECISION_COLORS[a.decision] } : "–",
        outcomeOf(a) || "–",
      ]),
    );
  }
  pdf.heading("Every account");
  pdf.table(
    [
      { header: "Account", width: 2.6 },
      { header: "Roles", width: 2 },
      { header: "Reviewer", width: 1.8 },
      { header: "Decision", width: 1.4 },
      { header: "Comment", width: 2.6 },
      { header: "Outcome", width: 2.2 },
    ],
    accounts.map((a): PdfCell[] => [
      { text: a.email && !a.account.includes(a.email) ? `${a.account} (${a.email})` : a.account, bold: true },
      a.roles.join(", ") || { text: "–", color: PDF_COLORS.faint },
      a.reviewer?.name ?? "–",
      a.decision
        ? {
            text: a.decision === "change_role" ? `To ${a.newRole}` : ACCESS_DECISION_LABELS[a.decision],
            badge: DECISION_COLORS[a.decision],
          }
        : { text: "None", color: PDF_COLORS.faint },
      a.comment || { text: "–", color: PDF_COLORS.faint },
      outcomeOf(a) || { text: "–", color: PDF_COLORS.faint },
    ]),
    { size: 7.5 },
  );
  return pdf.finish();
}
