import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { controlChecks } from "./routines.ts";

/** The vulnerability register: scanner reports imported and reconciled, SLAs by severity, OPS-06 and OPS-07. */
export default defineModule({
  name: "vulnerabilities",
  policy,
  controlChecks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
