/**
 * What JSON Schema cannot check in an OSCAL document (docs/oscal.md, "What a reader can resolve"): every uuid and id
 * is defined once, and every reference resolves — uuid references (parties, components, subjects, observations,
 * risks, actors), role ids, `#uuid` hrefs to back-matter, and the imports (`import-profile`, `import-ssp`, a
 * profile's `imports`), followed through a back-matter resource's embedded base64 or rlinks, or a file delivered
 * with the document; control and statement ids then resolve in the imported catalog. Returns the problems found,
 * one line each ("at <path>: …"); an empty list means the document is sound.
 */

type Json = unknown;
type Obj = Record<string, Json>;

const UUID_REFS = new Set([
  "party-uuid",
  "component-uuid",
  "subject-uuid",
  "observation-uuid",
  "risk-uuid",
  "actor-uuid",
  "task-uuid",
  "finding-uuid",
  "location-uuid",
  "user-uuid",
]);
const UUID_LIST_REFS = new Set(["party-uuids", "member-of-organizations", "location-uuids", "user-uuids"]);
const ROOTS = [
  "catalog",
  "profile",
  "system-security-plan",
  "plan-of-action-and-milestones",
  "assessment-plan",
  "assessment-results",
  "component-definition",
  "mapping-collection",
];

/** Lists in which OSCAL (metaschema is-unique constraints) allows a key only once. */
const UNIQUE_IN_LIST: Record<string, string> = {
  "by-components": "component-uuid",
  statements: "statement-id",
  "responsible-roles": "role-id",
  "responsible-parties": "role-id",
};

const isObj = (x: Json): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
const strings = (x: Json) => (Array.isArray(x) ? x.filter((v): v is string => typeof v === "string") : []);

/** Everything a document defines, which the documents importing it may reference. */
interface Scope {
  uuids: Set<string>;
  ids: Set<string>;
  roles: Set<string>;
}

/** Calls `visit` on every object of the tree with its path. */
function walk(node: Json, path: string, visit: (o: Obj, path: string) => void) {
  if (Array.isArray(node)) for (const [i, x] of node.entries()) walk(x, `${path}[${i}]`, visit);
  else if (isObj(node)) {
    visit(node, path);
    for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`, visit);
  }
}

function definitions(root: Obj, rootName: string, problems: string[]): Scope {
  const scope: Scope = { uuids: new Set(), ids: new Set(), roles: new Set() };
  walk(root, rootName, (o, path) => {
    if (typeof o.uuid === "string") {
      if (scope.uuids.has(o.uuid)) problems.push(`at ${path}: uuid ${o.uuid} is defined twice`);
      scope.uuids.add(o.uuid);
    }
    // A system id's `id` is an identifier of the system, not a definition inside the document.
    if (typeof o.id === "string" && !("identifier-type" in o)) {
      if (scope.ids.has(o.id)) problems.push(`at ${path}: id ${o.id} is defined twice`);
      scope.ids.add(o.id);
    }
  });
  const roles = isObj(root.metadata) && Array.isArray(root.metadata.roles) ? root.metadata.roles : [];
  for (const r of roles) if (isObj(r) && typeof r.id === "string") scope.roles.add(r.id);
  return scope;
}

const merge = (scopes: Scope[]): Scope => ({
  uuids: new Set(scopes.flatMap((s) => [...s.uuids])),
  ids: new Set(scopes.flatMap((s) => [...s.ids])),
  roles: new Set(scopes.flatMap((s) => [...s.roles])),
});

/**
 * Checks `doc`; `files` are the documents delivered with it, by the name a relative href uses (e.g. the SSP a
 * POA&M imports, under its download name).
 */
export function checkOscalReferences(doc: Json, files: Record<string, Json> = {}): string[] {
  return check(doc, files, "").problems;
}

function check(doc: Json, files: Record<string, Json>, prefix: string): { problems: string[]; scope: Scope } {
  const problems: string[] = [];
  const rootName = isObj(doc) ? ROOTS.find((r) => r in doc) : undefined;
  if (!isObj(doc) || !rootName || !isObj(doc[rootName]))
    return { problems: [`${prefix}not an OSCAL document`], scope: merge([]) };
  const root = doc[rootName] as Obj;
  const own = definitions(root, rootName, problems);
  const resources = new Map<string, Obj>();
  const backMatter = isObj(root["back-matter"]) ? root["back-matter"] : {};
  for (const r of Array.isArray(backMatter.resources) ? backMatter.resources : [])
    if (isObj(r) && typeof r.uuid === "string") resources.set(r.uuid, r);

  /** The document an import href designates, or a problem. */
  const imported = (href: string, path: string): Json => {
    if (href.startsWith("#")) {
      const resource = resources.get(href.slice(1));
      if (!resource) return void problems.push(`at ${path}: ${href} names no back-matter resource`);
      const base64 = isObj(resource.base64) ? resource.base64 : undefined;
      if (typeof base64?.value === "string") {
        try {
          return JSON.parse(Buffer.from(base64.value, "base64").toString("utf8"));
        } catch {
          return void problems.push(`at ${path}: the embedded content of ${href} is not JSON`);
        }
      }
      const link = Array.isArray(resource.rlinks)
        ? resource.rlinks.find((l) => isObj(l) && typeof l.href === "string")
        : undefined;
      if (!isObj(link)) return void problems.push(`at ${path}: resource ${href} has neither rlinks nor base64 content`);
      return imported(link.href as string, `${path} → rlinks`);
    }
    if (href in files) return files[href];
    problems.push(`at ${path}: ${href} is not delivered with the document`);
  };

  const imports: Scope[] = [];
  const follow = (href: Json, path: string) => {
    if (typeof href !== "string") return;
    const target = imported(href, path);
    if (target === undefined) return;
    const sub = check(target, files, `${prefix}${href}: `);
    problems.push(...sub.problems);
    imports.push(sub.scope);
  };
  for (const key of ["import-profile", "import-ssp", "import-ap"])
    if (isObj(root[key])) follow((root[key] as Obj).href, `${rootName}.${key}`);
  if (Array.isArray(root.imports))
    for (const [i, imp] of root.imports.entries()) if (isObj(imp)) follow(imp.href, `${rootName}.imports[${i}]`);

  const known = merge([own, ...imports]);
  const fromImports = merge(imports);
  const referenced = new Set<string>();
  walk(root, rootName, (o, path) => {
    const need = (ok: boolean, what: string) => {
      if (!ok) problems.push(`at ${path}: ${what} does not resolve`);
    };
    for (const [k, v] of Object.entries(o)) {
      if (UUID_REFS.has(k) && typeof v === "string") {
        need(known.uuids.has(v), `${k} ${v}`);
        if (k === "component-uuid") referenced.add(v);
      }
      if (UUID_LIST_REFS.has(k)) for (const u of strings(v)) need(known.uuids.has(u), `${k} ${u}`);
      if (k === "role-id" && typeof v === "string") need(known.roles.has(v), `role-id ${v}`);
      if (k === "role-ids") for (const r of strings(v)) need(known.roles.has(r), `role-id ${r}`);
      if ((k === "control-id" || k === "statement-id") && typeof v === "string")
        need(fromImports.ids.has(v), `${k} ${v} (in the imported catalog)`);
      if (k === "with-ids") for (const id of strings(v)) need(fromImports.ids.has(id), `control ${id}`);
      if (k === "href" && typeof v === "string" && v.startsWith("#")) need(known.uuids.has(v.slice(1)), `href ${v}`);
      const unique = UNIQUE_IN_LIST[k];
      if (unique && Array.isArray(v)) {
        const keys = v.map((x) => (isObj(x) ? x[unique] : undefined)).filter((x) => typeof x === "string");
        for (const dup of new Set(keys.filter((x, i) => keys.indexOf(x) !== i)))
          problems.push(`at ${path}.${k}: ${unique} ${dup} appears more than once`);
      }
    }
  });

  // A component nothing points at is noise for a reader; the system itself needs no reference.
  const implementation = isObj(root["system-implementation"]) ? root["system-implementation"] : {};
  for (const c of Array.isArray(implementation.components) ? implementation.components : [])
    if (isObj(c) && c.type !== "this-system" && typeof c.uuid === "string" && !referenced.has(c.uuid))
      problems.push(
        `at ${rootName}.system-implementation: component ${c.uuid} (${String(c.title)}) is never referenced`,
      );

  return {
    problems: problems.map((p) => (p.startsWith(prefix) ? p : `${prefix}${p}`)),
    scope: merge([own, ...imports]),
  };
}
