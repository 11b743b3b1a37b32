import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { controlChecks } from "./routines.ts";

/** The risk register: risks on configurable scales, the starter library, the heat map and the annual assessment. */
export default defineModule({
  name: "risks",
  policy,
  controlChecks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
