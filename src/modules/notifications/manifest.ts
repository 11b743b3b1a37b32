import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { jobs, schedules } from "./reminders.ts";
import { workNotificationsSubscriber } from "./subscribers.ts";

export default defineModule({
  name: "notifications",
  policy,
  jobs,
  schedules,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
  subscribers: [workNotificationsSubscriber],
});
