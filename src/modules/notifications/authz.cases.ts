import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { systemActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { change } from "../../kernel/change.ts";
import { notify } from "./notify.ts";

const seed = (f: { db: Db; org: { id: string }; actor: { userId: string } }) =>
  change(f.db, systemActor(f.org.id, "test"), (c) =>
    notify(c, {
      organizationId: f.org.id,
      userId: f.actor.userId,
      kind: "test.fixture",
      title: "Something happened",
      link: "/activity",
    }),
  );

export const cases: AuthzCase[] = [
  { action: "notifications.read", name: "my inbox", request: () => ({ method: "GET", url: "/api/v1/notifications" }) },
  {
    action: "notifications.update",
    name: "mark one read",
    request: async (f) => ({ method: "POST", url: `/api/v1/notifications/${(await seed(f)).id!}/read`, body: {} }),
  },
  {
    action: "notifications.update",
    name: "mark all read",
    request: async (f) => {
      await seed(f);
      return { method: "POST", url: "/api/v1/notifications/read-all", body: {} };
    },
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "POST /api/v1/notifications/:id/read",
    prepare: async (f) => ({ params: { id: (await seed(f)).id! }, body: {} }),
  },
];
