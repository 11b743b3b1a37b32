import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { purgeExpiredSessions } from "./sessions.ts";

export const SESSION_CLEANUP_JOB = "sessions.cleanup";

export const jobs: JobDefinition[] = [
  {
    name: SESSION_CLEANUP_JOB,
    run: async (ctx) => {
      await purgeExpiredSessions(ctx.db);
      return { ok: true };
    },
  },
];

export const schedules: ScheduleDefinition[] = [{ name: SESSION_CLEANUP_JOB, intervalSeconds: 3600 }];
