import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";

/** What every register shares: links from records to controls (by key) and saved views of the lists. */
export default defineModule({
  name: "registers",
  policy,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
