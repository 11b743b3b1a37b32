import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { controlChecks } from "./routines.ts";

/** Business continuity and recovery: plans, RTO/RPO per system, restore tests and drills; AVL-03, AVL-04, AVL-05. */
export default defineModule({
  name: "continuity",
  policy,
  controlChecks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
