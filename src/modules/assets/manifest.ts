import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { controlChecks } from "./routines.ts";
import { sightingsSubscriber } from "./sightings.ts";

/** The asset inventory: systems, data stores, endpoints and SaaS applications, by hand or from connectors; AST-01, AST-02, CNF-01. */
export default defineModule({
  name: "assets",
  policy,
  controlChecks,
  subscribers: [sightingsSubscriber],
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
