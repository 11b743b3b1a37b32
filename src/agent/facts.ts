/**
 * What the Linux agent reports: the wire format of `POST /api/v1/agent/report`, which is also the attributes of
 * the device's `device` resource (so custom tests can use paths like `disk_encryption.value.encrypted`).
 *
 * Every posture fact is either `detected` (with the method that found it) or `unknown` with the reason — the
 * agent never guesses. "Not applicable" is a detected value (no SSH server installed, no desktop).
 */
import { z } from "zod";

export const FACTS_SCHEMA_VERSION = 1;

const text = (max = 500) => z.string().max(max);
const method = text(300);

/** A fact the agent either detected (and how) or could not determine (and why). */
const detection = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion("state", [
    z.strictObject({ state: z.literal("detected"), method, value }),
    z.strictObject({ state: z.literal("unknown"), method: method.optional(), reason: text(1000) }),
  ]);

export const osValue = z.strictObject({
  id: text(64),
  version_id: text(64).nullable(),
  name: text(200),
  pretty_name: text(200),
  id_like: z.array(text(64)).max(10),
  version_codename: text(64).nullable(),
});

export const diskEncryptionValue = z.strictObject({
  /** Every checked mount (/ and, when separate, /home) sits on an encrypted (dm-crypt/LUKS) layer. */
  encrypted: z.boolean(),
  volumes: z
    .array(
      z.strictObject({
        mountpoint: text(200),
        device: text(200),
        encrypted: z.boolean(),
        /** The block devices from the disk down to the mounted one, e.g. ["nvme0n1", "nvme0n1p3 (crypto_LUKS)", "luks-… (crypt)"]. */
        layers: z.array(text(200)).max(20),
      }),
    )
    .max(10),
});

export const firewallValue = z.strictObject({
  active: z.boolean(),
  /** The tool whose answer decided (or the last one asked when none is active). */
  tool: z.enum(["ufw", "firewalld", "nftables", "iptables"]),
  detail: text(1000),
});

export const automaticUpdatesValue = z.strictObject({
  enabled: z.boolean(),
  mechanism: z.enum(["unattended-upgrades", "dnf-automatic"]),
  detail: text(1000),
});

export const sshValue = z.strictObject({
  installed: z.boolean(),
  permit_root_login: text(64).nullable(),
  password_authentication: text(64).nullable(),
  /** `sshd -T` (the effective configuration) or `config files` (parsed, first value wins, defaults filled in). */
  source: z.enum(["sshd -T", "config files", "none"]),
});

export const screenLockValue = z.strictObject({
  desktop: z.boolean(),
  lock_enabled: z.boolean().nullable(),
  idle_delay_seconds: z.number().int().min(0).max(10_000_000).nullable(),
});

export const agentFacts = z.strictObject({
  schema: z.literal(FACTS_SCHEMA_VERSION),
  collected_at: z.iso.datetime(),
  agent_version: text(64),
  hostname: text(253).min(1),
  machine_id: z.string().regex(/^[0-9a-f]{32}$/, "machine_id must be the 32 hex digits of /etc/machine-id"),
  kernel: text(200),
  os: detection(osValue),
  disk_encryption: detection(diskEncryptionValue),
  firewall: detection(firewallValue),
  automatic_updates: detection(automaticUpdatesValue),
  ssh: detection(sshValue),
  screen_lock: detection(screenLockValue),
});

export type AgentFacts = z.infer<typeof agentFacts>;
export type OsInfo = z.infer<typeof osValue>;
export type DiskEncryption = z.infer<typeof diskEncryptionValue>;
export type Firewall = z.infer<typeof firewallValue>;
export type AutomaticUpdates = z.infer<typeof automaticUpdatesValue>;
export type SshPosture = z.infer<typeof sshValue>;
export type ScreenLock = z.infer<typeof screenLockValue>;

export type Detected<T> =
  | { state: "detected"; method: string; value: T }
  | { state: "unknown"; method?: string; reason: string };

export const detected = <T>(value: T, how: string): Detected<T> => ({ state: "detected", method: how, value });
export const unknown = <T>(reason: string, how?: string): Detected<T> =>
  how ? { state: "unknown", method: how, reason } : { state: "unknown", reason };
