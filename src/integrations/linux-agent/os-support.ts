/**
 * Linux distributions and versions we consider supported, with the date their vendor stops shipping security
 * updates (Debian: the end of Debian LTS; Ubuntu: the end of standard support for LTS releases — ESM is a paid
 * extension; RHEL and rebuilds: the end of maintenance support; Fedora: about four weeks after release N+2).
 * Review this table with each release; a version not listed is reported as unknown, never assumed supported.
 */
export interface SupportedRelease {
  /** os-release ID values that share this lifecycle. */
  ids: readonly string[];
  /** The VERSION_ID, or its major part for RHEL-like systems ("9" covers 9.4). */
  version: string;
  label: string;
  endOfSupport: string;
}

const rhelLike = ["rhel", "rocky", "almalinux"] as const;

export const SUPPORTED_RELEASES: readonly SupportedRelease[] = [
  { ids: ["debian"], version: "11", label: "Debian 11 (bullseye)", endOfSupport: "2026-08-31" },
  { ids: ["debian"], version: "12", label: "Debian 12 (bookworm)", endOfSupport: "2028-06-30" },
  { ids: ["debian"], version: "13", label: "Debian 13 (trixie)", endOfSupport: "2030-06-30" },
  { ids: ["ubuntu"], version: "20.04", label: "Ubuntu 20.04 LTS", endOfSupport: "2025-05-31" },
  { ids: ["ubuntu"], version: "22.04", label: "Ubuntu 22.04 LTS", endOfSupport: "2027-06-01" },
  { ids: ["ubuntu"], version: "24.04", label: "Ubuntu 24.04 LTS", endOfSupport: "2029-05-31" },
  { ids: ["ubuntu"], version: "26.04", label: "Ubuntu 26.04 LTS", endOfSupport: "2031-05-31" },
  { ids: rhelLike, version: "8", label: "Enterprise Linux 8", endOfSupport: "2029-05-31" },
  { ids: rhelLike, version: "9", label: "Enterprise Linux 9", endOfSupport: "2032-05-31" },
  { ids: rhelLike, version: "10", label: "Enterprise Linux 10", endOfSupport: "2035-05-31" },
  { ids: ["centos"], version: "9", label: "CentOS Stream 9", endOfSupport: "2027-05-31" },
  { ids: ["centos"], version: "10", label: "CentOS Stream 10", endOfSupport: "2030-01-01" },
  { ids: ["fedora"], version: "42", label: "Fedora 42", endOfSupport: "2026-05-13" },
  { ids: ["fedora"], version: "43", label: "Fedora 43", endOfSupport: "2026-12-09" },
  { ids: ["fedora"], version: "44", label: "Fedora 44", endOfSupport: "2027-05-19" },
  { ids: ["opensuse-leap"], version: "15.6", label: "openSUSE Leap 15.6", endOfSupport: "2025-12-31" },
  { ids: ["opensuse-leap"], version: "16.0", label: "openSUSE Leap 16.0", endOfSupport: "2027-10-31" },
];

/** Releases whose point versions share one lifecycle (RHEL 9.4 is "9"). */
const MAJOR_ONLY = new Set<string>([...rhelLike, "centos"]);

export function releaseOf(id: string, versionId: string | null): SupportedRelease | null {
  if (!versionId) return null;
  const version = MAJOR_ONLY.has(id) ? versionId.split(".")[0]! : versionId;
  return SUPPORTED_RELEASES.find((r) => r.ids.includes(id) && r.version === version) ?? null;
}
