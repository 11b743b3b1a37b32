import { type Content, loadContent } from "../../content/index.ts";
import { contentVersion, OSCAL_VERSION, prop, some, uuidV5 } from "./oscal-common.ts";

/**
 * SOC 2 as an OSCAL catalog and profile (docs/oscal.md), generated from src/content/criteria/tsc-2017.yaml so that
 * an SSP's `import-profile` resolves: the catalog holds one control per criterion (its id in lower case, OUR title
 * and summary — never the AICPA's text), grouped by category and series; the profile selects all of it. Each
 * document that points at the next also embeds it (back-matter base64), so a reader needs no network.
 */

export const CATALOG_FILE = "soc2-tsc-2017-catalog.json";
export const PROFILE_FILE = "soc2-tsc-2017-profile.json";
export const OSCAL_JSON = { catalog: "application/oscal.catalog+json", profile: "application/oscal.profile+json" };

/**
 * When the catalog's content last changed: OSCAL requires a last-modified, and a fixed one keeps the documents
 * byte-identical between exports. Move it forward when tsc-2017.yaml changes (the version digest changes by itself).
 */
const CONTENT_LAST_MODIFIED = "2026-12-07T00:00:00Z";

/** The TSC id as an OSCAL control id: CC6.1 → cc6.1. */
export const oscalControlId = (criterionId: string) => criterionId.toLowerCase();
/** The id of a criterion's statement part, which SSP statements name in `statement-id`. */
export const statementPartId = (criterionId: string) => `${oscalControlId(criterionId)}_smt`;

const tscUuid = (entity: string) => uuidV5(`tsc-2017/${entity}`);
/** The serialized form of every OSCAL download (and of what the documents embed of each other). */
export const oscalJson = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;

const COPYRIGHT_NOTE =
  "Identifiers are the AICPA's (2017 Trust Services Criteria, points of focus revised 2022). Every title and statement here is written by the Assay project in its own words; the AICPA's criteria text is copyrighted and is not included.";

function catalogMetadata(title: string, body: unknown) {
  return {
    title,
    "last-modified": CONTENT_LAST_MODIFIED,
    version: contentVersion(body),
    "oscal-version": OSCAL_VERSION,
    props: some([prop("framework", "tsc-2017")]),
    remarks: COPYRIGHT_NOTE,
  };
}

function catalogBody(content: Content) {
  const controls = (series: string) =>
    content.criteria
      .filter((c) => c.series === series)
      .map((c) => ({
        id: oscalControlId(c.id),
        class: "criterion",
        title: c.title,
        props: [{ name: "label", value: c.id }],
        parts: [{ id: statementPartId(c.id), name: "statement", prose: c.summary }],
      }));
  return {
    groups: content.categories.map((cat) => ({
      id: cat.id,
      class: "category",
      title: cat.name,
      parts: [{ id: `${cat.id}_ovw`, name: "overview", prose: cat.description }],
      groups: content.series
        .filter((s) => s.category === cat.id)
        .map((s) => ({
          id: s.id.toLowerCase(),
          class: "series",
          title: s.name,
          props: [{ name: "label", value: s.id }],
          controls: controls(s.id),
        })),
    })),
  };
}

/** A back-matter resource that points at a document by its download name and carries it, base64-encoded. */
export function embeddedResource(uuid: string, title: string, file: string, mediaType: string, doc: unknown) {
  return {
    uuid,
    title,
    rlinks: [{ href: file, "media-type": mediaType }],
    base64: { filename: file, "media-type": mediaType, value: Buffer.from(oscalJson(doc)).toString("base64") },
  };
}

let built: { catalog: Record<string, unknown>; profile: Record<string, unknown> } | undefined;

/** The catalog and the profile (built once: the content is read-only while the process runs). */
export function tscDocuments() {
  if (built) return built;
  const content = loadContent();
  const body = catalogBody(content);
  const catalog = {
    catalog: {
      uuid: tscUuid("catalog"),
      metadata: catalogMetadata("SOC 2 Trust Services Criteria (2017) — Assay catalog", body),
      ...body,
    },
  };
  const catalogResource = tscUuid("profile/resource/catalog");
  const profileBody = {
    imports: [{ href: `#${catalogResource}`, "include-all": {} }],
    merge: { "as-is": true },
    "back-matter": {
      resources: [
        embeddedResource(
          catalogResource,
          "SOC 2 Trust Services Criteria (2017) — Assay catalog",
          CATALOG_FILE,
          OSCAL_JSON.catalog,
          catalog,
        ),
      ],
    },
  };
  const profile = {
    profile: {
      uuid: tscUuid("profile"),
      metadata: catalogMetadata("SOC 2 Trust Services Criteria (2017) — all criteria", profileBody),
      ...profileBody,
    },
  };
  built = { catalog, profile };
  return built;
}
