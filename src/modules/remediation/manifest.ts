import { defineModule } from "../../kernel/manifest.ts";
import { jobs, schedules } from "./overdue.ts";
import { policy } from "./policy.ts";

export default defineModule({
  name: "remediation",
  policy,
  jobs,
  schedules,
  routes: async (app, ctx) => {
    await (await import("./routes.ts")).default(app, ctx);
    await (await import("./bulk-routes.ts")).default(app, ctx);
  },
});
