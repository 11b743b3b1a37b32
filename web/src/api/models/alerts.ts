/** Alert preferences and webhooks, as the API answers them (generated types). */
import type { BodyOf, ItemOf, ResponseOf } from "../types.ts";

/** The kinds a preference may name. Answers list kinds as plain strings (the server's own, so always one of these). */
export type AlertKind = BodyOf<"/api/v1/alerts/preferences", "put">["preferences"][number]["kind"];
/** The kinds a webhook may subscribe to: monitoring alerts (notices about someone's own work stay personal). */
export type WebhookKind = BodyOf<"/api/v1/alerts/webhooks", "post">["kinds"][number];

export type Preference = ItemOf<ResponseOf<"/api/v1/alerts/preferences">>;
export type WebhookList = ResponseOf<"/api/v1/alerts/webhooks">;
export type Webhook = ItemOf<WebhookList>;
export type WebhookTestResult = ResponseOf<"/api/v1/alerts/webhooks/{id}/test", "post">;
