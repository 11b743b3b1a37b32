import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { monitoringAlertsSubscriber } from "./subscribers.ts";

export default defineModule({
  name: "alerts",
  policy,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
  subscribers: [monitoringAlertsSubscriber],
});
