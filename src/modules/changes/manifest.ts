import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { controlChecks } from "./routines.ts";

/** The change register: changes by hand, from GitHub pull requests and git main lines; CHG-02, CHG-03, CHG-06. */
export default defineModule({
  name: "changes",
  policy,
  controlChecks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
