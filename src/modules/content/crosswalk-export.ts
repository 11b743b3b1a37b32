import { createHash } from "node:crypto";
import { type Content, compareNatural, type Framework, type MappingStrength } from "../../content/index.ts";
import { csvLine } from "../../platform/csv.ts";
import { NS, OSCAL_VERSION, uuidV5 } from "../program-code/public.ts";

/**
 * A crosswalk as files (docs/oscal.md, docs/user-guide-program.md#crosswalks): CSV with one row per mapping, and an
 * OSCAL mapping collection whose source is our control library and whose target is the framework.
 */

export interface CrosswalkRow {
  requirementId: string;
  requirementTitle: string;
  group: string;
  controlId: string;
  controlName: string;
  strength: MappingStrength;
  rationale: string;
}

/** Every mapping of `controlIds` in `framework`, in the framework's requirement order, then by control id. */
export function crosswalkRows(content: Content, framework: Framework, controlIds: Iterable<string>): CrosswalkRow[] {
  const wanted = new Set(controlIds);
  const groups = new Map(framework.groups.map((g) => [g.id, g.name]));
  const order = new Map(framework.requirements.map((r, i) => [r.id, i]));
  const rows: CrosswalkRow[] = [];
  for (const [controlId, mappings] of Object.entries(framework.mappings)) {
    if (!wanted.has(controlId)) continue;
    for (const m of mappings) {
      const requirement = framework.requirements[order.get(m.requirement)!]!;
      rows.push({
        requirementId: requirement.id,
        requirementTitle: requirement.title,
        group: groups.get(requirement.group) ?? requirement.group,
        controlId,
        controlName: content.controlsById.get(controlId)?.name ?? controlId,
        strength: m.strength,
        rationale: m.rationale,
      });
    }
  }
  return rows.sort(
    (a, b) => order.get(a.requirementId)! - order.get(b.requirementId)! || compareNatural(a.controlId, b.controlId),
  );
}

export const CROSSWALK_CSV_COLUMNS = [
  "framework",
  "requirement_id",
  "requirement_title",
  "group",
  "control_id",
  "control_name",
  "strength",
  "rationale",
] as const;

/** RFC 4180, cells a spreadsheet would run as formulas quoted (ledger's csvLine). */
export function crosswalkCsv(framework: Framework, rows: readonly CrosswalkRow[]): string {
  const label = `${framework.name} ${framework.version}`;
  const lines = [csvLine(CROSSWALK_CSV_COLUMNS)];
  for (const r of rows)
    lines.push(
      csvLine([
        label,
        r.requirementId,
        r.requirementTitle,
        r.group,
        r.controlId,
        r.controlName,
        r.strength,
        r.rationale,
      ]),
    );
  return lines.join("");
}

/** Our strength → the OSCAL relationship token (NIST IR 8477 set theory), read "source <relationship> target". */
export const OSCAL_RELATIONSHIP: Record<MappingStrength, string> = {
  equal: "equal-to",
  superset: "superset-of",
  subset: "subset-of",
  intersects: "intersects-with",
};

/**
 * The crosswalk as an OSCAL 1.2.1 `mapping-collection`. `scope` names whose controls are mapped ("library" or a
 * program id) so that UUIDs are stable per subject across exports; the back-matter resources point at the API
 * routes that list both sides, so every href in the document resolves.
 */
export function crosswalkOscal(framework: Framework, rows: readonly CrosswalkRow[], scope: string) {
  const uuid = (what: string) => uuidV5(`crosswalk/${framework.id}/${scope}/${what}`);
  const source = uuid("resource/library");
  const target = uuid("resource/framework");
  const maps = rows.map((r) => ({
    uuid: uuid(`map/${r.controlId}/${r.requirementId}`),
    "matching-rationale": "semantic",
    relationship: OSCAL_RELATIONSHIP[r.strength],
    sources: [{ type: "control", "id-ref": r.controlId }],
    targets: [{ type: "control", "id-ref": r.requirementId }],
    props: [{ name: "strength", value: r.strength, ns: NS }],
    remarks: r.rationale,
  }));
  const body = {
    provenance: {
      method: "human",
      "matching-rationale": "semantic",
      status: "complete",
      "mapping-description": [
        `How the controls of Assay's control library relate to the requirements of ${framework.name} ${framework.version}.`,
        'Each map reads "our control <relationship> the requirement": equal-to, superset-of (our control does all the',
        "requirement asks and more), subset-of (only part of it) or intersects-with (they overlap). A requirement counts",
        "as covered only through an equal-to or superset-of map. Requirement titles are Assay's own paraphrases.",
      ].join(" "),
    },
    mappings: [
      {
        uuid: uuid("mapping"),
        "source-resource": { type: "catalog", href: `#${source}` },
        "target-resource": { type: "catalog", href: `#${target}` },
        maps,
      },
    ],
    "back-matter": {
      resources: [
        {
          uuid: source,
          title: "Assay control library",
          description: "The control library shipped with Assay: control ids, names and descriptions in our words.",
          rlinks: [{ href: "/api/v1/content/controls", "media-type": "application/json" }],
        },
        {
          uuid: target,
          title: `${framework.name} ${framework.version}`,
          description: `${framework.description} Identifiers as published; titles are Assay's own paraphrases.`,
          rlinks: [{ href: `/api/v1/content/frameworks/${framework.id}`, "media-type": "application/json" }],
        },
      ],
    },
  };
  return {
    "mapping-collection": {
      uuid: uuid(`document/${digest(body)}`),
      metadata: {
        title: `Assay control library to ${framework.name} ${framework.version}`,
        "last-modified": `${framework.reviewed}T00:00:00Z`,
        version: `assay-${digest(body)}`,
        "oscal-version": OSCAL_VERSION,
      },
      ...body,
    },
  };
}

const digest = (body: unknown) => createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 12);
