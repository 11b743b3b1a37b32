import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { jobs, schedules } from "./reminders.ts";
import { controlChecks } from "./routines.ts";

/** The vendor register: inventory, due diligence (reports, bridge letters), questionnaires, subprocessors; VND-01/02/04/07. */
export default defineModule({
  name: "vendors",
  policy,
  controlChecks,
  jobs,
  schedules,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
