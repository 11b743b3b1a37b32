import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";

export default defineModule({
  name: "content",
  policy,
  routes: async (app, ctx) => {
    await (await import("./routes.ts")).default(app, ctx);
    await (await import("./policy-routes.ts")).default(app, ctx);
  },
});
