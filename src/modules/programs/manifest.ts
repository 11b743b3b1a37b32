import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { controlSignalsSubscriber, readinessSubscriber } from "./subscribers.ts";

export default defineModule({
  name: "programs",
  policy,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
  subscribers: [controlSignalsSubscriber, readinessSubscriber],
});
