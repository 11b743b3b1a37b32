import type { Db } from "../../db/client.ts";
import { conflict } from "../../platform/errors.ts";
import { byRef, type ItemRow } from "./model.ts";
import {
  fileStem,
  loadOscalSource,
  metadata,
  NIST_NS,
  NS,
  oneLine,
  prop,
  prose,
  RISK_STATUS,
  some,
} from "./oscal-common.ts";
import { subserviceCarveOuts } from "./oscal-ssp.ts";

/**
 * The remediation plan as an OSCAL plan of action and milestones (docs/oscal.md): per item an observation (the
 * gap), a risk (likelihood, impact and priority as props, the due date as deadline, the fix as a planned or
 * completed remediation with milestones) and the poam-item tying them together.
 */

const endOfDay = (day: string) => `${day}T23:59:59Z`;
/** Our 1–5 likelihood and impact scores on the low / moderate / high scale of NIST's standard facets. */
const level = (score: number) => (score <= 2 ? "low" : score === 3 ? "moderate" : "high");
const isUrl = (s: string) => /^https?:\/\/\S+$/.test(s);

export async function buildPoam(db: Db, organizationId: string, programId: string) {
  const src = await loadOscalSource(db, organizationId, programId);
  const c = src.current;
  const { uuid } = src;
  const items = [...c.items].sort(byRef);
  if (!items.length)
    throw conflict(
      "poam_empty",
      `${c.row.name} has no remediation items. An OSCAL plan of action and milestones needs at least one; add items to the remediation plan first.`,
    );
  const email = (id: string | null) => (id ? c.people.get(id)?.email : undefined);
  const organization = uuid("party/organization");
  // Subjects are components of the imported SSP: the system itself, and the subservice organization a linked
  // control is carved out to.
  const { componentOfControl } = subserviceCarveOuts(src);
  const subjects = (r: ItemRow) =>
    [
      ...new Set([uuid("component/this-system"), ...r.controls.flatMap((key) => componentOfControl.get(key) ?? [])]),
    ].map((u) => ({ "subject-uuid": u, type: "component" }));

  const observation = (r: ItemRow) => ({
    uuid: uuid(`observation/${r.ref}`),
    title: `${r.ref}: gap`,
    description: prose(r.gap, r.title),
    props: some([prop("source", r.source)]),
    methods: [r.source === "self_assessment" ? "INTERVIEW" : "EXAMINE"],
    types: ["finding"],
    subjects: subjects(r),
    "relevant-evidence": some(
      r.evidence.map((e) => (isUrl(e) ? { href: e, description: e } : { description: prose(e, "Evidence") })),
    ),
    collected: r.createdAt.toISOString(),
  });

  const risk = (r: ItemRow) => {
    const done = r.status === "done" || r.status === "verified";
    const milestones = some([
      r.dueDate
        ? {
            uuid: uuid(`task/${r.ref}/due`),
            type: "milestone",
            title: `${r.ref} due`,
            timing: { "on-date": { date: endOfDay(r.dueDate) } },
          }
        : undefined,
      r.completedAt
        ? {
            uuid: uuid(`task/${r.ref}/completed`),
            type: "milestone",
            title: `${r.ref} fixed`,
            timing: { "on-date": { date: r.completedAt.toISOString() } },
          }
        : undefined,
      r.verifiedAt
        ? {
            uuid: uuid(`task/${r.ref}/verified`),
            type: "milestone",
            title: `${r.ref} fix verified`,
            timing: { "on-date": { date: r.verifiedAt.toISOString() } },
          }
        : undefined,
    ]);
    return {
      uuid: uuid(`risk/${r.ref}`),
      title: oneLine(r.title, r.ref),
      // What could happen, in words, when the plan says it; otherwise the gap.
      description: prose(r.riskDescription, prose(r.gap, r.title)),
      // OSCAL requires a statement: the root cause when one is recorded, otherwise the gap itself.
      statement: prose(r.rootCause, prose(r.gap, r.title)),
      props: some([prop("risk-score", r.likelihood * r.impact), prop("priority", r.priority)]),
      status: RISK_STATUS[r.status] ?? "open",
      characterizations: [
        {
          origin: { actors: [{ type: "party", "actor-uuid": organization }] },
          facets: [
            { name: "likelihood", system: NIST_NS, value: level(r.likelihood) },
            { name: "impact", system: NIST_NS, value: level(r.impact) },
            { name: "likelihood", system: NS, value: String(r.likelihood) },
            { name: "impact", system: NS, value: String(r.impact) },
          ],
        },
      ],
      deadline: r.dueDate ? endOfDay(r.dueDate) : undefined,
      remediations: [
        {
          uuid: uuid(`response/${r.ref}`),
          lifecycle: done ? "completed" : "planned",
          title: `Fix for ${r.ref}`,
          description: prose(r.action, oneLine(r.title, r.ref)),
          props: some([prop("owner", email(r.ownerUserId))]),
          // The plan's resources (people, budget, tools) are the assets the fix requires.
          "required-assets": some(
            r.resources.map((x, i) => ({
              uuid: uuid(`asset/${r.ref}/${i}`),
              description: prose(`${x.kind}: ${x.name}${x.detail ? ` (${x.detail})` : ""}`, x.kind),
            })),
          ),
          tasks: milestones,
          remarks: r.monitoring.trim() ? `How the fix is verified: ${r.monitoring.trim()}` : undefined,
        },
      ],
      "related-observations": [{ "observation-uuid": uuid(`observation/${r.ref}`) }],
    };
  };

  const poamItem = (r: ItemRow) => ({
    uuid: uuid(`poam-item/${r.ref}`),
    title: `${r.ref}: ${oneLine(r.title)}`,
    description: prose(r.gap, r.title),
    props: some([
      prop("ref", r.ref),
      prop("status", r.status),
      prop("priority", r.priority),
      prop("likelihood", r.likelihood),
      prop("impact", r.impact),
      prop("due-date", r.dueDate),
      prop("owner", email(r.ownerUserId)),
      prop("source", r.source),
      ...r.criteria.map((id) => prop("criterion", id)),
      ...r.controls.map((key) => prop("control-id", key)),
    ]),
    "related-observations": [{ "observation-uuid": uuid(`observation/${r.ref}`) }],
    "related-risks": [{ "risk-uuid": uuid(`risk/${r.ref}`) }],
  });

  const body = {
    // The SSP's download name (routes.ts, CLI), so that a reader with both files resolves it.
    "import-ssp": { href: `${fileStem(c.row.name)}-ssp.json` },
    "system-id": { "identifier-type": "https://ietf.org/rfc/rfc4122", id: uuid("system") },
    observations: items.map(observation),
    risks: items.map(risk),
    "poam-items": items.map(poamItem),
  };
  const document = {
    "plan-of-action-and-milestones": {
      uuid: uuid("poam"),
      metadata: metadata(src, `${oneLine(c.row.name, "Program")} — Plan of Action and Milestones`, body, {
        props: [prop("framework", "soc2")],
      }),
      ...body,
    },
  };
  return { document, fileStem: fileStem(c.row.name) };
}
