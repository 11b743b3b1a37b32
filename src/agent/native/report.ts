/**
 * What the native collectors post to `POST /api/v1/agent/collect`: who the machine is and the raw outputs of the
 * OS's own commands. The server turns them into facts here — Linux through the same detectors as the Node agent
 * (collect.ts, over a probe of the recorded outputs), macOS and Windows through their parsers — so every rule
 * lives in one place.
 */
import { z } from "zod";
import { factsFrom } from "../collect.ts";
import { type AgentFacts, FACTS_SCHEMA_VERSION } from "../facts.ts";
import { type MacFacts, macFacts } from "./macos.ts";
import { recordedProbe } from "./recorded.ts";
import { type WindowsFacts, windowsFacts } from "./windows.ts";

export const NATIVE_PLATFORMS = ["linux", "macos", "windows"] as const;
export type NativePlatform = (typeof NATIVE_PLATFORMS)[number];
/** What one output may hold; the collectors cut longer ones. */
export const OUTPUT_LIMIT = 256 * 1024;
export const COLLECT_BODY_LIMIT = 2 * 1024 * 1024;

/** /etc/machine-id, the Mac's IOPlatformUUID or Windows' MachineGuid: 32 hex digits once dashes and braces go. */
export const normalizeMachineId = (raw: string) => raw.trim().replace(/[{}-]/g, "").toLowerCase();
const machineIdField = z
  .string()
  .max(100)
  .transform(normalizeMachineId)
  .pipe(
    z
      .string()
      .regex(/^[0-9a-f]{32}$/, "machine_id must be 32 hex digits (/etc/machine-id, IOPlatformUUID or MachineGuid)"),
  );

export const nativeReport = z.strictObject({
  schema: z.literal(1),
  platform: z.enum(NATIVE_PLATFORMS),
  /** The collector and its version, e.g. "assay-sh/1". */
  collector: z.string().min(1).max(64),
  hostname: z.string().trim().min(1).max(253),
  machine_id: machineIdField,
  kernel: z.string().max(200).default(""),
  /** The user the collector ran as (uid 0 / SYSTEM reads more). */
  user: z.string().max(100).optional(),
  is_root: z.boolean().default(false),
  outputs: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(400),
        exit: z.number().int().min(-2_147_483_648).max(4_294_967_295),
        stdout: z.string().max(OUTPUT_LIMIT),
        stderr: z
          .string()
          .max(16 * 1024)
          .default(""),
      }),
    )
    .max(300),
});
export type NativeReport = z.infer<typeof nativeReport>;

/** The facts the server stores as the device resource's attributes (plus the platform). */
export type PlatformFacts =
  | { platform: "linux"; facts: AgentFacts }
  | { platform: "macos"; facts: Envelope & MacFacts }
  | { platform: "windows"; facts: Envelope & WindowsFacts };

export interface Envelope {
  schema: typeof FACTS_SCHEMA_VERSION;
  collected_at: string;
  agent_version: string;
  hostname: string;
  machine_id: string;
  kernel: string;
}

export async function factsOfNativeReport(r: NativeReport, now = new Date()): Promise<PlatformFacts> {
  const envelope: Envelope = {
    schema: FACTS_SCHEMA_VERSION,
    collected_at: now.toISOString(),
    agent_version: r.collector,
    hostname: r.hostname,
    machine_id: r.machine_id,
    kernel: r.kernel,
  };
  if (r.platform === "macos") return { platform: "macos", facts: { ...envelope, ...macFacts(r.outputs) } };
  if (r.platform === "windows") return { platform: "windows", facts: { ...envelope, ...windowsFacts(r.outputs) } };
  const probe = recordedProbe(r.outputs, { isRoot: r.is_root, user: r.user });
  const facts = await factsFrom(
    probe,
    { hostname: r.hostname, machineId: r.machine_id, kernel: r.kernel, agentVersion: r.collector },
    now,
  );
  return { platform: "linux", facts };
}
