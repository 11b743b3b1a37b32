import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { controlChecks, jobs, schedules } from "./routines.ts";

/** The incident register: lifecycle, timelines, notification deadlines, post-mortems, tabletop exercises; INC-04/06/08/09. */
export default defineModule({
  name: "incidents",
  policy,
  jobs,
  schedules,
  controlChecks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
