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

/**
 * macOS major versions and the date Apple's security updates are expected to stop. Apple publishes no dates: it
 * has patched the current and the two previous majors, so each ends when its third successor ships (September).
 * Dates after today are estimates; review with each release.
 */
export const MACOS_RELEASES: readonly { major: number; label: string; endOfSupport: string }[] = [
  { major: 12, label: "macOS 12 Monterey", endOfSupport: "2024-09-16" },
  { major: 13, label: "macOS 13 Ventura", endOfSupport: "2025-09-15" },
  { major: 14, label: "macOS 14 Sonoma", endOfSupport: "2026-09-15" },
  { major: 15, label: "macOS 15 Sequoia", endOfSupport: "2027-09-15" },
  { major: 26, label: "macOS 26 Tahoe", endOfSupport: "2028-09-15" },
];
export const macosReleaseOf = (version: string) =>
  MACOS_RELEASES.find((r) => r.major === Number(version.split(".")[0])) ?? null;

/**
 * Windows releases by build number, with Microsoft's end of servicing: Home/Pro editions and the longer
 * Enterprise/Education one. Windows 10 ended in October 2025 (paid extended updates are an exception to record).
 */
export const WINDOWS_RELEASES: readonly {
  build: number;
  server: boolean;
  label: string;
  endOfSupport: string;
  enterpriseEnd?: string;
}[] = [
  { build: 19045, server: false, label: "Windows 10 22H2", endOfSupport: "2025-10-14" },
  { build: 22621, server: false, label: "Windows 11 22H2", endOfSupport: "2024-10-08", enterpriseEnd: "2025-10-14" },
  { build: 22631, server: false, label: "Windows 11 23H2", endOfSupport: "2025-11-11", enterpriseEnd: "2026-11-10" },
  { build: 26100, server: false, label: "Windows 11 24H2", endOfSupport: "2026-10-13", enterpriseEnd: "2027-10-12" },
  { build: 26200, server: false, label: "Windows 11 25H2", endOfSupport: "2027-10-12", enterpriseEnd: "2028-10-10" },
  { build: 17763, server: true, label: "Windows Server 2019", endOfSupport: "2029-01-09" },
  { build: 20348, server: true, label: "Windows Server 2022", endOfSupport: "2031-10-14" },
  { build: 26100, server: true, label: "Windows Server 2025", endOfSupport: "2034-10-10" },
];
export function windowsReleaseOf(build: number, productType: number, caption: string) {
  const server = productType !== 1;
  const r = WINDOWS_RELEASES.find((x) => x.build === build && x.server === server);
  if (!r) return null;
  const enterprise = /enterprise|education/i.test(caption) && r.enterpriseEnd;
  return {
    label: `${r.label}${enterprise ? " Enterprise/Education" : ""}`,
    endOfSupport: enterprise ? r.enterpriseEnd! : r.endOfSupport,
  };
}
