import path from "node:path";
import { z } from "zod";
import { outboundPolicy } from "./net-guard.ts";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** Every environment variable Assay reads, with its default. docs/operations.md mirrors this list. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  ASSAY_DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  ASSAY_PUBLIC_URL: z.string().url().optional(),
  ASSAY_TRUST_PROXY: bool.default(false),
  ASSAY_EMBEDDED_WORKER: bool.default(true),
  ASSAY_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  ASSAY_LEDGER_SIGNING_KEY: z.string().optional(),
  ASSAY_ENCRYPTION_KEY: z.string().optional(),
  ASSAY_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(600),
  // Ledger keys and witnesses (docs/ledger.md).
  ASSAY_LEDGER_RETIRED_KEYS_DIR: z.string().optional(),
  ASSAY_LEDGER_WITNESS_DIR: z.string().optional(),
  ASSAY_LEDGER_WITNESS_S3_BUCKET: z.string().optional(),
  ASSAY_LEDGER_WITNESS_S3_PREFIX: z.string().default("assay-ledger-checkpoints/"),
  ASSAY_LEDGER_WITNESS_WEBHOOK_URL: z.string().url().optional(),
  ASSAY_LEDGER_WITNESS_WEBHOOK_SECRET: z.string().optional(),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default("Assay <assay@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  // Who may create organizations (docs/security.md "Organizations"): installation admins (the owners of the
  // organization setup created) or any signed-in person.
  ASSAY_ORGANIZATION_CREATION: z.enum(["admins", "anyone"]).default("admins"),
  // Evidence store (docs/evidence.md, docs/operations.md "Evidence storage").
  ASSAY_ENCRYPTION_RETIRED_KEYS: z.string().optional(),
  ASSAY_STORAGE: z.enum(["local", "s3"]).default("local"),
  ASSAY_EVIDENCE_DIR: z.string().optional(),
  ASSAY_EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * 1024 ** 3, "at most 5 GiB (the largest object S3 copies in one request)")
    .default(100 * 1024 * 1024),
  // The evidence sweep removes stored blobs no record points to (a crash mid-upload) once they are this old.
  ASSAY_EVIDENCE_ORPHAN_GRACE_SECONDS: z.coerce.number().int().min(60).default(3600),
  ASSAY_S3_BUCKET: z.string().optional(),
  ASSAY_S3_REGION: z.string().default("us-east-1"),
  ASSAY_S3_ENDPOINT: z.string().url().optional(),
  ASSAY_S3_ACCESS_KEY_ID: z.string().optional(),
  ASSAY_S3_SECRET_ACCESS_KEY: z.string().optional(),
  ASSAY_S3_PREFIX: z.string().default(""),
  ASSAY_S3_FORCE_PATH_STYLE: bool.optional(),
  // Continuous monitoring (docs/monitoring.md): where connectors may read local repositories and files
  // (`none`, `any`, or folders); the data folder never.
  ASSAY_CONNECTOR_LOCAL_PATHS: z.string().default("none"),
  // Webhooks and connectors (docs/operations.md "Outbound connections"): the non-public address ranges, addresses
  // and host names they may reach. Empty: public addresses only.
  ASSAY_OUTBOUND_ALLOW: z
    .string()
    .default("")
    .superRefine((v, ctx) => {
      try {
        outboundPolicy(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
  // Alerts (docs/alerts.md): plain-http webhooks to loopback/private addresses (a receiver on the same network).
  ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP: bool.default(false),
  // Embedded database memory (docs/operations.md "Memory"): PGlite's shared_buffers (default 32MB, in
  // src/db/client.ts), and any further PostgreSQL settings as `name=value,name=value`.
  ASSAY_PGLITE_SHARED_BUFFERS: z
    .string()
    .trim()
    .regex(/^\d+(kB|MB|GB)$/, "a PostgreSQL memory size such as 32MB, 256MB or 1GB")
    .refine((v) => memoryBytes(v) >= 1024 ** 2 && memoryBytes(v) <= 1024 ** 3, "between 1MB and 1GB")
    .optional(),
  ASSAY_PGLITE_SETTINGS: z
    .string()
    .transform((v, ctx) => {
      const out: Record<string, string> = {};
      for (const item of v.split(/[\s,]+/).filter(Boolean)) {
        const m = /^([a-z_][a-z0-9_.]*)=([^\s,=]+)$/.exec(item);
        if (!m) {
          ctx.addIssue({ code: "custom", message: `"${item}" is not name=value (e.g. work_mem=16MB)` });
          return z.NEVER;
        }
        out[m[1]!] = m[2]!;
      }
      return out;
    })
    .optional(),
});

function memoryBytes(v: string): number {
  const m = /^(\d+)(kB|MB|GB)$/.exec(v);
  return m ? Number(m[1]) * 1024 ** { kB: 1, MB: 2, GB: 3 }[m[2] as "kB" | "MB" | "GB"] : Number.NaN;
}

export type Config = z.infer<typeof envSchema> & { dataDir: string; publicUrl: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  // An empty variable means "not set" (as in `DATABASE_URL= npm start`).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const merged = { ...parsed.data, ...overrides };
  return {
    ...merged,
    dataDir: path.resolve(merged.ASSAY_DATA_DIR),
    publicUrl: (merged.ASSAY_PUBLIC_URL ?? `http://localhost:${merged.PORT}`).replace(/\/$/, ""),
  };
}

/** PostgreSQL settings for the embedded database over its defaults (src/db/client.ts PGLITE_SETTINGS). */
export function pgliteSettings(config: Config): Record<string, string> {
  return {
    ...(config.ASSAY_PGLITE_SHARED_BUFFERS ? { shared_buffers: config.ASSAY_PGLITE_SHARED_BUFFERS } : {}),
    ...config.ASSAY_PGLITE_SETTINGS,
  };
}
