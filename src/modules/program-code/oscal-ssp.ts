import { loadContent } from "../../content/index.ts";
import {
  type CriterionReadiness,
  controlsByCriterion,
  criterionReadiness,
  headlineLevel,
  READINESS_LEVELS,
  type ReadinessLevel,
} from "../../core/readiness.ts";
import type { Db } from "../../db/client.ts";
import { levelOfRow, scopedCriteria, statusOfRow } from "../programs/public.ts";
import type { ControlRow } from "./model.ts";
import {
  embeddedResource,
  OSCAL_JSON,
  oscalControlId,
  PROFILE_FILE,
  statementPartId,
  tscDocuments,
} from "./oscal-catalog.ts";
import {
  fileStem,
  IMPLEMENTATION_STATE,
  loadOscalSource,
  metadata,
  NS,
  type OscalSource,
  oneLine,
  prop,
  prose,
  roleTitle,
  some,
} from "./oscal-common.ts";

/**
 * The program as an OSCAL system security plan (docs/oscal.md has the field-by-field mapping): the system
 * description from the scope, one implemented requirement per criterion in scope, each with one statement (the
 * criterion's statement part in Assay's SOC 2 catalog) and under it one by-component per control of ours, with its
 * narrative and status — on the system itself, or on the subservice organization a control is carved out to.
 */

const PROFILE_NOTE =
  "SOC 2 has no official OSCAL catalog or profile. This plan imports Assay's SOC 2 profile (all 61 Trust Services Criteria, ids in lower case: cc6.1, a1.2, …), which the back-matter resource links by its download name and embeds; the profile embeds the catalog in the same way.";

/** Role of the people of the system description (system users). */
const SYSTEM_USER_ROLE = { id: "system-user", title: "System user" };
/** Role of a subservice organization on the component it operates. */
const PROVIDER_ROLE = { id: "provider", title: "Provider" };

export async function buildSsp(db: Db, organizationId: string, programId: string) {
  const src = await loadOscalSource(db, organizationId, programId);
  const subservices = subserviceCarveOuts(src);
  const body = sspBody(src, subservices);
  const c = src.current;
  const owners = [...new Set(c.controls.map((x) => x.ownerUserId).filter((x): x is string => !!x))]
    .map((id) => c.people.get(id))
    .filter((p) => p !== undefined)
    .sort((a, b) => (a.email < b.email ? -1 : 1));
  const roles = [
    ...[...new Set(c.controls.map((x) => x.ownerRole))].sort().map((id) => ({ id, title: roleTitle(id) })),
    ...(body["system-implementation"].users ? [SYSTEM_USER_ROLE] : []),
    ...(subservices.components.length ? [PROVIDER_ROLE] : []),
  ];
  const document = {
    "system-security-plan": {
      uuid: src.uuid("ssp"),
      metadata: metadata(src, `${oneLine(c.row.name, "Program")} — System Security Plan`, body, {
        roles,
        parties: [
          ...owners.map((p) => ({
            uuid: src.uuid(`party/person/${p.email.toLowerCase()}`),
            type: "person",
            name: oneLine(p.name, p.email),
            "email-addresses": [p.email],
            "member-of-organizations": [src.uuid("party/organization")],
          })),
          ...subservices.parties,
        ],
        props: [prop("framework", "soc2"), prop("report-type", c.row.reportType)],
      }),
      ...body,
    },
  };
  return { document, fileStem: fileStem(c.row.name) };
}

/** Does a line of a subservice organization's expected controls name this control (by key or by its exact name)? */
function namesControl(line: string, r: ControlRow) {
  const text = oneLine(line).toLowerCase();
  const key = r.key.toLowerCase();
  return (
    text === r.name.toLowerCase() || text === key || (text.startsWith(key) && /^[^a-z0-9]/.test(text.slice(key.length)))
  );
}

/**
 * Subservice organizations as parties, and as components only for the carve-outs that some control of the program
 * is attributed to (a line of their expected controls names the control's key or name): a component nothing
 * references is not declared.
 */
export function subserviceCarveOuts(src: OscalSource) {
  const { current: c, uuid } = src;
  const componentOfControl = new Map<string, string>();
  const orgs = c.model.scope.subserviceOrganizations.map((o, i) => ({
    o,
    party: uuid(`party/subservice/${i}`),
    component: uuid(`scope/subservice/${i}`),
  }));
  for (const { o, component } of orgs)
    if (o.method === "carve_out")
      for (const line of o.expectedControls)
        for (const r of c.controls)
          if (!componentOfControl.has(r.key) && namesControl(line, r)) componentOfControl.set(r.key, component);
  const used = new Set(componentOfControl.values());
  const parties = orgs.map(({ o, party }) => ({
    uuid: party,
    type: "organization",
    name: oneLine(o.name),
    props: [prop("subservice-method", o.method)!],
    remarks:
      [
        o.services.trim() ? `Services to the system: ${o.services.trim()}` : "",
        o.expectedControls.length
          ? `Complementary subservice organization controls expected:\n\n${o.expectedControls.map((e) => `- ${e}`).join("\n")}`
          : "",
      ]
        .filter(Boolean)
        .join("\n\n") || undefined,
  }));
  const components = orgs
    .filter(({ component }) => used.has(component))
    .map(({ o, party, component }) => ({
      uuid: component,
      type: "service",
      title: oneLine(o.name),
      description: prose(o.services, oneLine(o.name)),
      props: [prop("scope-component", "subservice-organization")!, prop("subservice-method", o.method)!],
      status: { state: "operational" },
      "responsible-roles": [{ "role-id": PROVIDER_ROLE.id, "party-uuids": [party] }],
    }));
  return { componentOfControl, parties, components };
}
type Subservices = ReturnType<typeof subserviceCarveOuts>;

function sspBody(src: OscalSource, subservices: Subservices) {
  const { current: c, uuid } = src;
  const scope = c.model.scope;
  const systemName = oneLine(c.row.name, "The system");
  const thisSystem = uuid("component/this-system");
  const profile = uuid("resource/tsc-2017");
  const line = (kind: string, i: number) => uuid(`scope/${kind}/${i}`);

  // The system itself is the one component every SSP has; infrastructure, software and procedures of the system
  // description are inventory items of it (no statement names them, so they are not components of their own).
  const components = [
    {
      uuid: thisSystem,
      type: "this-system",
      title: systemName,
      description: prose(scope.services, systemName),
      status: { state: "operational" },
    },
    ...subservices.components,
  ];
  const inventory = (["infrastructure", "software", "procedures"] as const).flatMap((kind) =>
    scope.components[kind].map((text, i) => ({
      uuid: line(kind, i),
      description: text,
      props: [prop("scope-component", kind)!],
      "implemented-components": [{ "component-uuid": thisSystem }],
    })),
  );

  const users = some(
    scope.components.people.map((text, i) => ({
      uuid: line("people", i),
      title: oneLine(text),
      description: text,
      "role-ids": [SYSTEM_USER_ROLE.id],
    })),
  );

  const informationTypes = scope.components.data.length
    ? scope.components.data.map((text, i) => ({ uuid: line("data", i), title: oneLine(text), description: text }))
    : [{ uuid: uuid("information-type/data"), title: `Data of ${systemName}`, description: `Data of ${systemName}.` }];

  const remarks = [
    scope.commitments.length ? `Service commitments:\n\n${scope.commitments.map((x) => `- ${x}`).join("\n")}` : "",
    scope.systemRequirements.length
      ? `System requirements:\n\n${scope.systemRequirements.map((x) => `- ${x}`).join("\n")}`
      : "",
  ].filter(Boolean);

  return {
    "import-profile": { href: `#${profile}`, remarks: PROFILE_NOTE },
    "system-characteristics": {
      "system-ids": [{ "identifier-type": "https://ietf.org/rfc/rfc4122", id: uuid("system") }],
      "system-name": systemName,
      description: prose(scope.services, systemName),
      props: some([
        prop("report-type", c.row.reportType),
        prop("as-of-date", c.row.asOfDate),
        prop("window-start", c.row.windowStart),
        prop("window-end", c.row.windowEnd),
        ...c.row.categories.map((cat) => prop("trust-services-category", cat)),
      ]),
      "security-sensitivity-level": "not-categorized",
      "system-information": { "information-types": informationTypes },
      status: {
        state: "operational",
        remarks: "SOC 2 examines a system in operation; Assay does not track other life-cycle states.",
      },
      "authorization-boundary": { description: prose(scope.boundaries, systemName) },
      remarks: remarks.length ? remarks.join("\n\n") : undefined,
    },
    "system-implementation": {
      users,
      components,
      "inventory-items": some(inventory),
      remarks:
        "Users are the people of the system description (role system-user); the components are the system itself and the subservice organizations controls are carved out to; the system's infrastructure, software and procedures are its inventory items.",
    },
    "control-implementation": controlImplementation(src, thisSystem, subservices),
    "back-matter": {
      resources: [
        {
          ...embeddedResource(
            profile,
            "SOC 2 Trust Services Criteria (2017) — Assay profile",
            PROFILE_FILE,
            OSCAL_JSON.profile,
            tscDocuments().profile,
          ),
          description: PROFILE_NOTE,
        },
      ],
    },
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

const LEVEL_WORDS: Record<ReadinessLevel, string> = {
  declared: "declared implemented by a person",
  evidenced: "with current evidence",
  operating: "operating (current evidence, no failing test)",
};

/** Which level the readiness props count at, how many controls reach each level, and what the headline waits on. */
function levelRemarks(r: CriterionReadiness, headline: ReadinessLevel): string {
  const at = r.levels[headline];
  const counts = READINESS_LEVELS.map((l) => `${r.levels[l].done} ${l}`).join(", ");
  const waiting = at.pending.length ? ` Waiting on ${at.pending.join(", ")}.` : "";
  return `Readiness counts controls ${LEVEL_WORDS[headline]} (the ${headline} level): ${at.done} of ${r.applicable} applicable control(s); by level ${counts}.${waiting}`;
}

function controlImplementation(src: OscalSource, thisSystem: string, subservices: Subservices) {
  const { current: c, uuid } = src;
  const content = loadContent();
  const rows = [...c.controls].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const index = controlsByCriterion(
    rows.map((r) => ({
      key: r.key,
      status: statusOfRow(r).status,
      level: levelOfRow(r),
      criteria: r.criteria,
      row: r,
    })),
  );
  const headline = headlineLevel(c.row.reportType);
  const email = (id: string | null) => (id ? c.people.get(id)?.email : undefined);
  const cuecs = c.model.scope.userEntityControls;

  /** What one control of ours says under a criterion: props carry the control's key as their class. */
  const controlProps = (r: ControlRow) => {
    const of = (name: string, value: string | null | undefined) => {
      const p = prop(name, value);
      return p && { ...p, class: r.key };
    };
    return [
      of("control-id", r.key),
      of("control-name", r.name),
      of("library-id", r.libraryId),
      of("status", statusOfRow(r).status),
      of("frequency", r.frequency),
      of("nature-type", r.natureType),
      of("nature-mode", r.natureMode),
      of("owner", email(r.ownerUserId)),
      of("narrative-written", r.narrative.trim() ? "true" : "false"),
    ];
  };

  /**
   * OSCAL allows one by-component per component in a statement, so the controls on one component share it: their
   * narratives in turn, their statuses summed up in implementation-status, their owners grouped by role.
   */
  const byComponent = (criterionId: string, component: string, controls: ControlRow[], customer: typeof cuecs) => {
    const verdicts = controls.map((r) => ({ r, v: statusOfRow(r) }));
    const states = verdicts.map(({ v }) => IMPLEMENTATION_STATE[v.status] ?? "planned");
    const applicable = states.filter((s) => s !== "not-applicable");
    const state = !applicable.length
      ? "not-applicable"
      : applicable.every((s) => s === applicable[0])
        ? applicable[0]!
        : "partial";
    const roles = new Map<string, Set<string>>();
    for (const r of controls) {
      const parties = roles.get(r.ownerRole) ?? new Set<string>();
      const owner = email(r.ownerUserId);
      if (owner) parties.add(uuid(`party/person/${owner.toLowerCase()}`));
      roles.set(r.ownerRole, parties);
    }
    const cuecText = "Complementary user entity controls: what customers are expected to do for this criterion.";
    return {
      "component-uuid": component,
      uuid: uuid(`requirement/${criterionId}/component/${component}`),
      description: controls.length
        ? controls
            .map((r) => `**${r.key} — ${oneLine(r.name)}**\n\n${prose(r.narrative, prose(r.description, r.name))}`)
            .join("\n\n")
        : cuecText,
      props: some([
        ...controls.flatMap(controlProps),
        customer.length ? prop("statement-kind", "user-entity-controls") : undefined,
      ]),
      "implementation-status": controls.length
        ? { state, remarks: verdicts.map(({ r, v }) => `- ${r.key}: ${v.status} — ${oneLine(v.reason)}`).join("\n") }
        : undefined,
      export: customer.length
        ? {
            responsibilities: customer.map((u) => ({
              uuid: uuid(`requirement/${criterionId}/cuec/${cuecs.indexOf(u)}`),
              description: u.description,
            })),
          }
        : undefined,
      "responsible-roles": some(
        [...roles].map(([role, parties]) => ({ "role-id": role, "party-uuids": some([...parties].sort()) })),
      ),
    };
  };

  const requirements = scopedCriteria(c.row.categories)
    .filter((x) => x.inScope)
    .map((x) => {
      const criterion = content.criteriaById.get(x.id)!;
      const mapped = index.get(x.id) ?? [];
      const readiness = criterionReadiness(x, mapped);
      const customer = cuecs.filter((u) => u.criteria.includes(x.id));
      // The system itself first (with the customers' duties), then each subservice component in scope order.
      const onComponent = new Map<string, ControlRow[]>([[thisSystem, []]]);
      for (const m of mapped) {
        const component = subservices.componentOfControl.get(m.row.key) ?? thisSystem;
        onComponent.set(component, [...(onComponent.get(component) ?? []), m.row]);
      }
      const byComponents = [...onComponent]
        .filter(([component, rows]) => rows.length || (component === thisSystem && customer.length))
        .map(([component, rows]) => byComponent(x.id, component, rows, component === thisSystem ? customer : []));
      const statementComponents = some(byComponents);
      return {
        uuid: uuid(`requirement/${x.id}`),
        "control-id": oscalControlId(x.id),
        props: some([
          { name: "label", value: x.id },
          prop("criterion-title", criterion.title),
          prop("readiness", readiness.levels[headline].state),
          prop("readiness-score", round2(readiness.levels[headline].score)),
          prop("readiness-level", headline),
          ...READINESS_LEVELS.map((l) => prop(`readiness-score-${l}`, round2(readiness.levels[l].score))),
          prop("mapped-controls", mapped.length),
        ]),
        statements: statementComponents && [
          {
            "statement-id": statementPartId(x.id),
            uuid: uuid(`requirement/${x.id}/statement`),
            "by-components": statementComponents,
          },
        ],
        // Without a mapped control the readiness props and the empty statements say it all: no filler sentence.
        remarks: mapped.length ? levelRemarks(readiness, headline) : undefined,
      };
    });

  const unmapped = cuecs.filter((u) => u.criteria.length === 0);
  return {
    description: [
      `How ${oneLine(src.organizationName)} meets the Trust Services Criteria in scope (${c.row.categories.join(", ")}): one implemented requirement per criterion with one statement (the criterion's statement in Assay's SOC 2 catalog); under it, one by-component per component (the system, or the subservice organization a control is carved out to) with the narratives of the program's controls on it (or their descriptions while no narrative is written), their statuses (props status, namespace ${NS}, class = control key) and their owners.`,
      unmapped.length
        ? `Complementary user entity controls not tied to a criterion:\n\n${unmapped.map((u) => `- ${u.description}`).join("\n")}`
        : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
    "implemented-requirements": requirements,
  };
}
