import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { jobs, schedules } from "./sync/jobs.ts";

export default defineModule({
  name: "monitoring",
  policy,
  jobs,
  schedules,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
