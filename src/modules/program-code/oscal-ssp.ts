import { loadContent } from "../../content/index.ts";
import { controlsByCriterion, criterionReadiness } from "../../core/readiness.ts";
import type { Db } from "../../db/client.ts";
import { scopedCriteria, statusOfRow } from "../programs/public.ts";
import type { ControlRow } from "./model.ts";
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
 * description from the scope, one implemented requirement per criterion in scope, and under it one statement per
 * control of ours (by-component on the system itself) with its narrative and status.
 */

/** The TSC id as an OSCAL control id: CC6.1 → cc6.1. */
export const oscalControlId = (criterionId: string) => criterionId.toLowerCase();

/** OSCAL has no SOC 2 profile from the AICPA; the SSP points at a back-matter resource that names the criteria. */
const PROFILE_NOTE =
  "SOC 2 has no official OSCAL profile. This plan is written against the AICPA 2017 Trust Services Criteria (with the revised points of focus), identified by their ids in lower case (cc6.1, a1.2, …); the back-matter resource names that source.";

export async function buildSsp(db: Db, organizationId: string, programId: string) {
  const src = await loadOscalSource(db, organizationId, programId);
  const body = sspBody(src);
  const c = src.current;
  const owners = [...new Set(c.controls.map((x) => x.ownerUserId).filter((x): x is string => !!x))]
    .map((id) => c.people.get(id))
    .filter((p) => p !== undefined)
    .sort((a, b) => (a.email < b.email ? -1 : 1));
  const roles = [...new Set(c.controls.map((x) => x.ownerRole))].sort().map((id) => ({ id, title: roleTitle(id) }));
  const document = {
    "system-security-plan": {
      uuid: src.uuid("ssp"),
      metadata: metadata(src, `${oneLine(c.row.name, "Program")} — System Security Plan`, body, {
        roles,
        parties: owners.map((p) => ({
          uuid: src.uuid(`party/person/${p.email.toLowerCase()}`),
          type: "person",
          name: oneLine(p.name, p.email),
          "email-addresses": [p.email],
          "member-of-organizations": [src.uuid("party/organization")],
        })),
        props: [prop("framework", "soc2"), prop("report-type", c.row.reportType)],
      }),
      ...body,
    },
  };
  return { document, fileStem: fileStem(c.row.name) };
}

function sspBody(src: OscalSource) {
  const { current: c, uuid } = src;
  const scope = c.model.scope;
  const thisSystem = uuid("component/this-system");
  const profile = uuid("resource/tsc-2017");
  const line = (kind: string, i: number) => uuid(`scope/${kind}/${i}`);

  const components = [
    {
      uuid: thisSystem,
      type: "this-system",
      title: oneLine(c.row.name, "The system"),
      description: prose(scope.services, "The system in the scope of this SOC 2 program (no description written yet)."),
      status: { state: "operational" },
    },
    ...(
      [
        ["infrastructure", "service"],
        ["software", "software"],
        ["procedures", "process-procedure"],
      ] as const
    ).flatMap(([kind, type]) =>
      scope.components[kind].map((text, i) => ({
        uuid: line(kind, i),
        type,
        title: oneLine(text),
        description: text,
        props: [prop("scope-component", kind)!],
        status: { state: "operational" },
      })),
    ),
    ...scope.subserviceOrganizations.map((o, i) => ({
      uuid: line("subservice", i),
      type: "service",
      title: oneLine(o.name),
      description: prose(o.services, `Services ${oneLine(o.name)} provides to the system.`),
      props: [prop("scope-component", "subservice-organization")!, prop("subservice-method", o.method)!],
      status: { state: "operational" },
      remarks: o.expectedControls.length
        ? `Complementary subservice organization controls expected:\n\n${o.expectedControls.map((e) => `- ${e}`).join("\n")}`
        : undefined,
    })),
  ];

  const users = scope.components.people.length
    ? scope.components.people.map((text, i) => ({ uuid: line("people", i), title: oneLine(text), description: text }))
    : [
        {
          uuid: uuid("user/personnel"),
          title: "Personnel",
          description: "The people who operate the system (the system description lists none yet).",
        },
      ];

  const informationTypes = scope.components.data.length
    ? scope.components.data.map((text, i) => ({ uuid: line("data", i), title: oneLine(text), description: text }))
    : [
        {
          uuid: uuid("information-type/data"),
          title: "Data processed by the system",
          description: "The system description lists no data yet.",
        },
      ];

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
      "system-name": oneLine(c.row.name, "The system"),
      description: prose(scope.services, "No system description has been written yet."),
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
      "authorization-boundary": {
        description: prose(scope.boundaries, "The boundaries of the system are not described yet."),
      },
      remarks: remarks.length ? remarks.join("\n\n") : undefined,
    },
    "system-implementation": {
      users,
      components,
      remarks:
        "Users are the people of the system description; components are the system itself, its infrastructure, software and procedures, and its subservice organizations (type service, prop subservice-method carve_out or inclusive).",
    },
    "control-implementation": controlImplementation(src, thisSystem),
    "back-matter": {
      resources: [
        {
          uuid: profile,
          title: "SOC 2 — AICPA Trust Services Criteria (2017)",
          description: PROFILE_NOTE,
          props: [{ name: "type", value: "standard" }],
          citation: {
            text: "AICPA, 2017 Trust Services Criteria for Security, Availability, Processing Integrity, Confidentiality, and Privacy (revised points of focus, 2022).",
          },
        },
      ],
    },
  };
}

function controlImplementation(src: OscalSource, thisSystem: string) {
  const { current: c, uuid } = src;
  const content = loadContent();
  const rows = [...c.controls].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const index = controlsByCriterion(
    rows.map((r) => ({ key: r.key, status: statusOfRow(r).status, criteria: r.criteria, row: r })),
  );
  const email = (id: string | null) => (id ? c.people.get(id)?.email : undefined);
  const cuecs = c.model.scope.userEntityControls;

  const statement = (criterionId: string, r: ControlRow) => {
    const verdict = statusOfRow(r);
    const owner = email(r.ownerUserId);
    return {
      "component-uuid": thisSystem,
      uuid: uuid(`requirement/${criterionId}/control/${r.key}`),
      description: prose(r.narrative, prose(r.description, r.name)),
      props: some([
        prop("control-id", r.key),
        prop("control-name", r.name),
        prop("library-id", r.libraryId),
        prop("status", verdict.status),
        prop("frequency", r.frequency),
        prop("nature-type", r.natureType),
        prop("nature-mode", r.natureMode),
        prop("owner", owner),
        prop("narrative-written", r.narrative.trim() ? "true" : "false"),
      ]),
      "implementation-status": { state: IMPLEMENTATION_STATE[verdict.status] ?? "planned", remarks: verdict.reason },
      "responsible-roles": [
        {
          "role-id": r.ownerRole,
          "party-uuids": owner ? [uuid(`party/person/${owner.toLowerCase()}`)] : undefined,
        },
      ],
    };
  };

  const requirements = scopedCriteria(c.row.categories)
    .filter((x) => x.inScope)
    .map((x) => {
      const criterion = content.criteriaById.get(x.id)!;
      const mapped = index.get(x.id) ?? [];
      const readiness = criterionReadiness(x, mapped);
      const customer = cuecs.filter((u) => u.criteria.includes(x.id));
      const byComponents = [
        ...mapped.map((m) => statement(x.id, m.row)),
        ...(customer.length
          ? [
              {
                "component-uuid": thisSystem,
                uuid: uuid(`requirement/${x.id}/user-entity-controls`),
                description:
                  "Complementary user entity controls: what customers are expected to do for this criterion.",
                props: [prop("statement-kind", "user-entity-controls")!],
                export: {
                  responsibilities: customer.map((u) => ({
                    uuid: uuid(`requirement/${x.id}/cuec/${cuecs.indexOf(u)}`),
                    description: u.description,
                  })),
                },
              },
            ]
          : []),
      ];
      return {
        uuid: uuid(`requirement/${x.id}`),
        "control-id": oscalControlId(x.id),
        props: some([
          { name: "label", value: x.id },
          prop("criterion-title", criterion.title),
          prop("readiness", readiness.state),
          prop("readiness-score", Math.round(readiness.score * 100) / 100),
        ]),
        "by-components": some(byComponents),
        remarks: mapped.length ? readiness.reason : "No control of this program addresses this criterion yet.",
      };
    });

  const unmapped = cuecs.filter((u) => u.criteria.length === 0);
  return {
    description: [
      `How ${oneLine(src.organizationName)} meets the Trust Services Criteria in scope (${c.row.categories.join(", ")}): one implemented requirement per criterion; under it, one statement per control of the program, with the control's narrative (or its description when no narrative is written), its status (prop status, namespace ${NS}) and its owner.`,
      unmapped.length
        ? `Complementary user entity controls not tied to a criterion:\n\n${unmapped.map((u) => `- ${u.description}`).join("\n")}`
        : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
    "implemented-requirements": requirements,
  };
}
