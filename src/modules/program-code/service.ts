import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { evidenceControls, memberships, programs, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { AppError, conflict, notFound } from "../../platform/errors.ts";
import { statusOfRow } from "../programs/public.ts";
import { policy as remediationPolicy } from "../remediation/policy.ts";
import { applyImport } from "./apply.ts";
import { diffPrograms, type ImportDiff } from "./diff.ts";
import { describeProblem, type Problem } from "./documents.ts";
import { controlPath, itemPath } from "./formats.ts";
import { type Current, loadCurrent, type ProgramModel } from "./model.ts";
import { type OwnerRef, parseBundle } from "./parse.ts";
import { renderProgram } from "./render.ts";

export interface ImportOptions {
  /** Import into this program; otherwise the organization's only program, or a new one when it has none. */
  programId?: string;
  /** Always create a new program. */
  create?: boolean;
  /** Preview only: validate and compute the diff, write nothing. */
  dryRun?: boolean;
  /** Clear owners whose email is not a member of the organization instead of refusing the import. */
  skipUnknownOwners?: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  applied: boolean;
  programId: string | null;
  programName: string;
  diff: ImportDiff;
  /** Owners cleared (with skipUnknownOwners) and files that are not part of the layout. */
  warnings: string[];
}

/** Refuses an import, listing every problem with its file and line. */
export function invalidBundle(problems: Problem[]): AppError {
  const shown = problems.slice(0, 20).map(describeProblem);
  const more = problems.length > shown.length ? `\n…and ${problems.length - shown.length} more` : "";
  return new AppError(
    400,
    "invalid_program_code",
    `The program folder has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was imported:\n${shown.join("\n")}${more}`,
    { problems },
  );
}

/** SHA-256 over the files in path order (path, NUL, content, NUL): what the ledger records of an import. */
export function bundleDigest(files: ReadonlyMap<string, string>): string {
  const h = createHash("sha256");
  for (const path of [...files.keys()].sort()) h.update(path).update("\0").update(files.get(path)!).update("\0");
  return h.digest("hex");
}

const ITEM_OWNER_ROLES: readonly Role[] = remediationPolicy["remediation.update_own"].roles;

export function createProgramCodeService({ db }: { db: Db }) {
  /** The program to import into, or null to create one. */
  async function target(tx: Db, organizationId: string, opts: ImportOptions): Promise<Current | null> {
    if (opts.programId) {
      const current = await loadCurrent(tx, organizationId, opts.programId);
      if (!current) throw notFound("The program");
      return current;
    }
    if (opts.create) return null;
    const active = await tx
      .select({ id: programs.id, name: programs.name })
      .from(programs)
      .where(and(eq(programs.organizationId, organizationId), isNull(programs.archivedAt)))
      .orderBy(asc(programs.createdAt));
    if (active.length === 0) return null;
    if (active.length > 1)
      throw conflict(
        "choose_program",
        `This organization has ${active.length} programs: say which one to import into (programId / --program), or create a new one (create=true / --create). Programs: ${active.map((p) => `${p.name} (${p.id})`).join("; ")}.`,
      );
    return loadCurrent(tx, organizationId, active[0]!.id);
  }

  /** Email → user id for every owner the folder names; unknown ones become problems (or are cleared). */
  async function resolveOwners(
    tx: Db,
    organizationId: string,
    current: Current | null,
    model: ProgramModel,
    refs: OwnerRef[],
    opts: ImportOptions,
    problems: Problem[],
    warnings: string[],
  ) {
    const emails = [...new Set(refs.map((r) => r.email))];
    const members = emails.length
      ? await tx
          .select({ id: users.id, email: users.email, name: users.name, role: memberships.role })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.organizationId, organizationId), inArray(sql`lower(${users.email})`, emails)))
      : [];
    const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), m]));
    const owners = new Map<string, string>();
    // An owner kept unchanged stays valid even if they have left the organization since.
    const kept = (r: OwnerRef) => {
      const row =
        r.kind === "control"
          ? current?.controls.find((c) => c.key === r.id)?.ownerUserId
          : current?.items.find((i) => i.ref === r.id)?.ownerUserId;
      const person = row ? current?.people.get(row) : undefined;
      return person && person.email.toLowerCase() === r.email ? person.id : null;
    };
    for (const r of refs) {
      const member = byEmail.get(r.email);
      const keptId = kept(r);
      if (keptId) owners.set(r.email, keptId);
      else if (!member) {
        if (opts.skipUnknownOwners) {
          warnings.push(`${r.file}: owner ${r.email} is not a member of this organization; imported without an owner`);
          if (r.kind === "control") model.controls.find((c) => c.key === r.id)!.owner = null;
          else model.remediation.find((i) => i.ref === r.id)!.owner = null;
        } else
          problems.push({
            file: r.file,
            line: r.line,
            message: `owner ${r.email} is not a member of this organization: invite them first, write owner: null, or import with --skip-unknown-owners (skipUnknownOwners=true)`,
          });
      } else if (r.kind === "item" && !ITEM_OWNER_ROLES.includes(member.role as Role))
        problems.push({
          file: r.file,
          line: r.line,
          message: `owner ${r.email} is ${member.role.replace("_", " ")} here and cannot work on remediation items: choose an owner, admin, compliance manager or control owner`,
        });
      else owners.set(r.email, member.id);
    }
    return owners;
  }

  return {
    /** The program as files (path → text), or 404 when it is not the organization's. */
    async exportFiles(organizationId: string, programId: string) {
      const current = await loadCurrent(db, organizationId, programId);
      if (!current) throw notFound("The program");
      const shown = new Map(current.controls.map((c) => [c.key, statusOfRow(c).status]));
      return { name: current.row.name, files: renderProgram(current.model, shown) };
    },

    /**
     * Validates everything first (files, then owners and the target program), computes the diff, and unless it
     * is a dry run applies it in one change (all or nothing). Any problem: AppError 400 `invalid_program_code` listing them,
     * nothing written.
     */
    async import(actor: Actor, files: ReadonlyMap<string, string>, opts: ImportOptions = {}): Promise<ImportResult> {
      const parsed = parseBundle(files);
      if (!parsed.model) throw invalidBundle(parsed.problems);
      const model = parsed.model;
      const warnings = parsed.ignored.map((f) => `${f}: not part of the program layout; ignored`);
      return change(db, actor, async (c) => {
        const { tx } = c;
        const current = await target(tx, actor.organizationId, opts);
        if (current?.row.archivedAt)
          throw conflict(
            "program_archived",
            `${current.row.name} is archived. Restore it before importing into it, or import into a new program.`,
          );
        const problems: Problem[] = [];
        const owners = await resolveOwners(
          tx,
          actor.organizationId,
          current,
          model,
          parsed.owners,
          opts,
          problems,
          warnings,
        );
        const diff = diffPrograms(current?.model ?? null, model);
        for (const r of diff.remediation.removed)
          problems.push({
            file: itemPath(r.id),
            message: `missing: ${r.id} (“${r.title}”) is in the program's remediation plan. Items are never deleted; keep the file and close the item (status: done or verified) instead`,
          });
        for (const c of diff.remediation.changed) {
          const before = current!.items.find((i) => i.ref === c.id)!;
          if (before.status === "verified" && !c.changes.some((f) => f.field === "status"))
            problems.push({
              file: itemPath(c.id),
              message: `${c.id} is verified, so its plan is locked: leave it unchanged, or reopen it (status: in_progress) in the same import`,
            });
        }
        for (const c of diff.controls.removed)
          if (model.remediation.some((i) => i.controls.includes(c.id)))
            problems.push({ file: controlPath(c.id), message: `missing, but remediation items link ${c.id}` });
        const removedIds = diff.controls.removed.map((r) => current!.controls.find((c) => c.key === r.id)!.id);
        if (removedIds.length) {
          const linked = await tx
            .selectDistinct({ key: evidenceControls.controlKey })
            .from(evidenceControls)
            .where(
              and(
                eq(evidenceControls.organizationId, actor.organizationId),
                inArray(evidenceControls.controlId, removedIds),
              ),
            );
          for (const l of linked)
            problems.push({
              file: controlPath(l.key),
              message: `missing, but evidence is linked to ${l.key}: keep the file (set applicable: false if the control no longer applies) or unlink the evidence first`,
            });
        }
        if (problems.length) throw invalidBundle(problems);
        const base = {
          dryRun: !!opts.dryRun,
          programName: model.program.name,
          diff,
          warnings,
        };
        if (opts.dryRun || diff.unchanged) return { ...base, applied: false, programId: current?.row.id ?? null };
        const programId = await applyImport(c, {
          current,
          next: model,
          diff,
          owners,
          digest: bundleDigest(files),
          files: files.size,
        });
        return { ...base, applied: true, programId };
      });
    },
  };
}
