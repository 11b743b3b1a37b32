import { z } from "zod";
import { ALERT_KIND_IDS, alertKind, EMAIL_MODES, inAppRequired, WEBHOOK_KIND_IDS } from "./kinds.ts";

const kind = z.enum(ALERT_KIND_IDS, { error: `Use one of the alert kinds: ${ALERT_KIND_IDS.join(", ")}.` });
const webhookKind = z.enum(WEBHOOK_KIND_IDS, {
  error: `Use one of the monitoring alert kinds a webhook can subscribe to: ${WEBHOOK_KIND_IDS.join(", ")}.`,
});
const emailMode = z.enum(EMAIL_MODES, { error: "Email is immediate, digest or off." });

export const preferenceItem = z.object({
  kind: z.string(),
  label: z.string(),
  description: z.string(),
  recipients: z.string().describe("Who receives this kind, in words"),
  inApp: z.boolean(),
  /** True for work kinds (assignments, deadlines): they always show in the app, only email is a choice. */
  inAppRequired: z.boolean(),
  email: emailMode,
  default: z.object({ inApp: z.boolean(), email: emailMode }),
  /** False: the default applies. */
  customized: z.boolean(),
});
export const preferenceList = z.object({ items: z.array(preferenceItem) });
export type PreferenceList = z.infer<typeof preferenceList>;

export const updatePreferencesBody = z.strictObject({
  preferences: z
    .array(z.strictObject({ kind, inApp: z.boolean(), email: emailMode }))
    .min(1, "Give at least one kind.")
    .max(ALERT_KIND_IDS.length)
    .refine((xs) => new Set(xs.map((x) => x.kind)).size === xs.length, "Give each kind once.")
    .superRefine((xs, ctx) => {
      for (const [i, x] of xs.entries())
        if (!x.inApp && inAppRequired(x.kind))
          ctx.addIssue({
            code: "custom",
            path: [i, "inApp"],
            message: `“${alertKind(x.kind)?.label}” always shows in the app; choose only how email reaches you.`,
          });
    }),
});
export type UpdatePreferences = z.infer<typeof updatePreferencesBody>;

const kinds = z
  .array(webhookKind)
  .min(1, "Choose at least one kind of alert.")
  .refine((xs) => new Set(xs).size === xs.length, "Give each kind once.");
const name = z.string().trim().min(1, "Give the webhook a name.").max(100);
const url = z.string().trim().min(1, "Paste the webhook URL.").max(2000);

export const createWebhookBody = z.strictObject({
  name,
  /** https (http only to a local or private address on test servers); never returned. */
  url,
  kinds,
  enabled: z.boolean().default(true),
});
export type CreateWebhook = z.infer<typeof createWebhookBody>;

export const updateWebhookBody = z
  .strictObject({
    name: name.optional(),
    url: url.optional(),
    kinds: kinds.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Give at least one field to change.");
export type UpdateWebhook = z.infer<typeof updateWebhookBody>;

export const webhook = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The host of the URL; the URL itself is a secret and never returned. */
  host: z.string(),
  kinds: z.array(z.string()),
  enabled: z.boolean(),
  lastDeliveryAt: z.date().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
});
export type WebhookView = z.infer<typeof webhook>;

export const webhookList = z.object({
  items: z.array(webhook),
  /** The kinds a webhook can subscribe to. */
  kinds: z.array(z.object({ kind: z.string(), label: z.string(), description: z.string() })),
});

export const webhookTestResult = z.object({
  ok: z.boolean(),
  /** The receiver's HTTP status, or null when it could not be reached. */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
});

export const emptyBody = z.strictObject({}).optional();
