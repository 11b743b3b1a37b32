/** Disk encryption: is / (and /home when it is a separate mount) on a dm-crypt/LUKS layer? */
import { type Detected, type DiskEncryption, detected, unknown } from "./facts.ts";

export interface MountEntry {
  device: string;
  mountpoint: string;
  fstype: string;
}

/** /proc/mounts; spaces and other characters in paths are octal escapes (\040). */
export function parseProcMounts(text: string): MountEntry[] {
  const decode = (s: string) =>
    s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  const out: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const [device, mountpoint, fstype] = line.trim().split(/\s+/);
    if (device && mountpoint && fstype) out.push({ device: decode(device), mountpoint: decode(mountpoint), fstype });
  }
  return out;
}

export interface BlockNode {
  name: string;
  type: string;
  fstype: string | null;
  mountpoints: string[];
  children: BlockNode[];
}

/** `lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT` (older lsblk: `mountpoint`; newer with MOUNTPOINTS: `mountpoints`). */
export function parseLsblk(json: string): BlockNode[] {
  const data = JSON.parse(json) as { blockdevices?: unknown };
  if (!data || !Array.isArray(data.blockdevices)) throw new Error("lsblk answered without a blockdevices list");
  const node = (raw: Record<string, unknown>): BlockNode => ({
    name: String(raw.name ?? ""),
    type: String(raw.type ?? ""),
    fstype: typeof raw.fstype === "string" ? raw.fstype : null,
    mountpoints: [
      ...(typeof raw.mountpoint === "string" ? [raw.mountpoint] : []),
      ...(Array.isArray(raw.mountpoints) ? raw.mountpoints.filter((m): m is string => typeof m === "string") : []),
    ],
    children: Array.isArray(raw.children) ? raw.children.map((c) => node(c as Record<string, unknown>)) : [],
  });
  return data.blockdevices.map((d) => node(d as Record<string, unknown>));
}

/** Every path from a top-level device down to a node that matches. */
function pathsTo(roots: BlockNode[], match: (n: BlockNode) => boolean): BlockNode[][] {
  const out: BlockNode[][] = [];
  const walk = (n: BlockNode, trail: BlockNode[]) => {
    const here = [...trail, n];
    if (match(n)) out.push(here);
    for (const c of n.children) walk(c, here);
  };
  for (const r of roots) walk(r, []);
  return out;
}

const isCryptLayer = (n: BlockNode) => n.type === "crypt" || n.fstype === "crypto_LUKS";
const describe = (n: BlockNode) => `${n.name} (${[n.type, n.fstype].filter(Boolean).join(", ")})`;
/** Filesystems that are not on a local block device the agent can follow. */
const NOT_BLOCK = /^(overlay|tmpfs|ramfs|squashfs|nfs4?|cifs|smb3|9p|virtiofs|fuse\..*|zfs|aufs)$/;

/** Decides from /proc/mounts and lsblk's tree. Pure: every input comes from the caller. */
export function diskEncryptionFrom(mounts: MountEntry[], tree: BlockNode[]): Detected<DiskEncryption> {
  // The last mount of a path hides the earlier ones.
  const mountOf = (p: string) => mounts.filter((m) => m.mountpoint === p).at(-1);
  const root = mountOf("/");
  if (!root) return unknown("/proc/mounts has no entry for /.", "/proc/mounts");
  const targets = [root];
  const home = mountOf("/home");
  if (home && home.device !== root.device) targets.push(home);
  const volumes: DiskEncryption["volumes"] = [];
  for (const m of targets) {
    if (NOT_BLOCK.test(m.fstype))
      return unknown(
        m.fstype === "zfs"
          ? `${m.mountpoint} is on ZFS (${m.device}); ZFS native encryption is not checked by this agent.`
          : `${m.mountpoint} is a ${m.fstype} filesystem (${m.device}), not a local block device — is this a container? Run the agent on the host.`,
        "/proc/mounts",
      );
    const base = m.device.replace(/^\/dev\/(mapper\/)?/, "");
    let paths = pathsTo(tree, (n) => n.name === base);
    if (!paths.length) paths = pathsTo(tree, (n) => n.mountpoints.includes(m.mountpoint));
    if (!paths.length)
      return unknown(
        `${m.mountpoint} is mounted from ${m.device}, which lsblk does not list.`,
        "lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT and /proc/mounts",
      );
    // LVM over several disks appears under each of them: every path must be encrypted.
    const encrypted = paths.every((p) => p.some(isCryptLayer));
    const shown = paths.find((p) => !p.some(isCryptLayer)) ?? paths[0]!;
    volumes.push({ mountpoint: m.mountpoint, device: m.device, encrypted, layers: shown.map(describe).slice(0, 20) });
  }
  return detected(
    { encrypted: volumes.every((v) => v.encrypted), volumes },
    "lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT and /proc/mounts",
  );
}
