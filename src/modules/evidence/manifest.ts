import { defineModule } from "../../kernel/manifest.ts";
import { jobs, schedules } from "./jobs.ts";
import { policy } from "./policy.ts";

export default defineModule({
  name: "evidence",
  policy,
  jobs,
  schedules,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
