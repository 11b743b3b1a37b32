/**
 * Layers and cycles, checked by `npm run lint` (docs/architecture.md "Layers"):
 *   core ← platform, db, ledger ← kernel ← jobs (queue and worker), integrations (connectors) ← modules ← server, cli
 * Tests and test fixtures are outside the rules. Parsed with swc: TypeScript 7 has no compiler API to lend.
 */
const layer = (name, mayImport) => ({
  name: `layer-${name}`,
  severity: "error",
  comment: `${name} may only import ${mayImport.join(", ")} (and npm packages)`,
  from: { path: `^src/${name}/` },
  to: { path: "^src/", pathNot: [`^src/${name}/`, ...mayImport.map((l) => `^src/${l}/`)] },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Files form no import cycles (type-only imports included).",
      from: {},
      to: { circular: true },
    },
    layer("core", []),
    layer("content", ["core"]),
    layer("platform", ["core"]),
    layer("db", ["core", "platform"]),
    layer("ledger", ["core", "platform", "db"]),
    layer("kernel", ["core", "platform", "db", "ledger"]),
    layer("jobs", ["core", "platform", "db", "ledger", "kernel"]),
    layer("integrations", ["core", "platform", "db", "content"]),
    layer("agent", ["core"]),
    layer("modules", ["core", "content", "platform", "db", "ledger", "kernel", "jobs", "integrations", "agent"]),
    {
      name: "core-is-pure",
      severity: "error",
      comment: "core holds pure rules: no I/O modules.",
      from: { path: "^src/core/" },
      to: {
        dependencyTypes: ["core"],
        path: "^(fs|net|http|https|child_process|dgram|dns|tls|node:(fs|net|http|https|child_process|dgram|dns|tls))",
      },
    },
    {
      name: "modules-through-public-entries",
      severity: "error",
      comment:
        "A module reaches another only through its events.ts, policy.ts, schema.ts or public.ts (its public entries), never its internals.",
      from: { path: "^src/modules/([^/]+)/" },
      to: {
        path: "^src/modules/([^/]+)/",
        pathNot: ["^src/modules/$1/", "^src/modules/[^/]+/(events|policy|schema|public|manifest)\\.ts$"],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(\\.test\\.ts$|/testing\\.ts$|authz\\.cases\\.ts$|^test/|^e2e/)" },
    tsPreCompilationDeps: true,
    parser: "swc",
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
