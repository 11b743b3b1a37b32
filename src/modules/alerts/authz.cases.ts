import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { newId } from "../../core/id.ts";
import { alertWebhooks } from "../../db/schema/index.ts";

/** A webhook inserted directly (its URL points nowhere reachable: cases only need to get past authorization). */
async function seedWebhook(f: AuthzFixture) {
  const id = newId();
  await f.db.insert(alertWebhooks).values({
    id,
    organizationId: f.org.id,
    name: "Ops channel",
    urlSealed: f.ctx.keys.encrypt("https://hooks.example.test/services/T000/B000/secret"),
    urlHost: "hooks.example.test",
    kinds: ["sync.failed"],
    createdBy: f.actor.userId,
  });
  return id;
}

export const cases: AuthzCase[] = [
  {
    action: "alerts.read_preferences",
    name: "my alert preferences",
    request: () => ({ method: "GET", url: "/api/v1/alerts/preferences" }),
  },
  {
    action: "alerts.update_preferences",
    name: "change my alert preferences",
    request: () => ({
      method: "PUT",
      url: "/api/v1/alerts/preferences",
      body: { preferences: [{ kind: "evidence.stale", inApp: true, email: "off" }] },
    }),
  },
  {
    action: "alerts.read_webhooks",
    name: "list webhooks",
    request: () => ({ method: "GET", url: "/api/v1/alerts/webhooks" }),
  },
  {
    action: "alerts.manage_webhooks",
    name: "add a webhook",
    request: () => ({
      method: "POST",
      url: "/api/v1/alerts/webhooks",
      body: { name: "Ops", url: "https://hooks.example.test/services/T1/B1/x", kinds: ["test.failing"] },
    }),
  },
  {
    action: "alerts.manage_webhooks",
    name: "change a webhook",
    request: async (f) => ({
      method: "PATCH",
      url: `/api/v1/alerts/webhooks/${await seedWebhook(f)}`,
      body: { enabled: false },
    }),
  },
  {
    action: "alerts.manage_webhooks",
    name: "remove a webhook",
    request: async (f) => ({ method: "DELETE", url: `/api/v1/alerts/webhooks/${await seedWebhook(f)}` }),
  },
];

const hook = async (f: AuthzFixture) => ({ params: { id: await seedWebhook(f) } });

export const isolation: IsolationFixture[] = [
  { route: "PATCH /api/v1/alerts/webhooks/:id", prepare: async (f) => ({ ...(await hook(f)), body: { name: "x" } }) },
  { route: "DELETE /api/v1/alerts/webhooks/:id", prepare: hook },
  { route: "POST /api/v1/alerts/webhooks/:id/test", prepare: async (f) => ({ ...(await hook(f)), body: {} }) },
];
