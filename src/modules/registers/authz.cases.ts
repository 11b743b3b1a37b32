import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedView } from "./testing.ts";

export const cases: AuthzCase[] = [
  {
    action: "programs.read",
    name: "controls a register record can link to",
    request: () => ({ method: "GET", url: "/api/v1/linkable-controls" }),
  },
  {
    action: "views.manage",
    name: "list saved views",
    request: () => ({ method: "GET", url: "/api/v1/saved-views?scope=risks" }),
  },
  {
    action: "views.manage",
    name: "save a view",
    request: () => ({ method: "POST", url: "/api/v1/saved-views", body: { scope: "risks", name: "Mine", query: {} } }),
  },
  {
    action: "views.share",
    name: "share a view",
    request: () => ({
      method: "POST",
      url: "/api/v1/saved-views",
      body: { scope: "risks", name: "Ours", query: { status: "open" }, shared: true },
    }),
  },
  {
    action: "views.manage",
    name: "remove a saved view",
    request: async (f) => ({
      method: "DELETE",
      url: `/api/v1/saved-views/${(await seedView(f.db, f.org.id, f.actor.userId)).id}`,
    }),
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "DELETE /api/v1/saved-views/:id",
    prepare: async (f) => ({ params: { id: (await seedView(f.db, f.org.id, f.actor.userId, true)).id } }),
  },
];
