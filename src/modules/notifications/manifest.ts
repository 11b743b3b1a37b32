import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";

export default defineModule({
  name: "notifications",
  policy,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
