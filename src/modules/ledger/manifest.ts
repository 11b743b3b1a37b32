import { defineModule } from "../../kernel/manifest.ts";
import { jobs } from "./checkpoints.ts";
import { policy } from "./policy.ts";

export default defineModule({
  name: "ledger",
  policy,
  jobs,
  routes: async (app, ctx) => {
    await (await import("./routes.ts")).default(app, ctx);
    await (await import("./routes-export.ts")).default(app, ctx);
  },
});
