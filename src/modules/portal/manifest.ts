import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";

/** The employee portal: reads every module's person tasks (kernel/routines.ts); owns no data of its own. */
export default defineModule({
  name: "portal",
  policy,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
