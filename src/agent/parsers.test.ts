import { describe, expect, it } from "vitest";
import { detectAutomaticUpdates, detectScreenLock, detectSsh, type Probe } from "./collect.ts";
import { diskEncryptionFrom, parseLsblk, parseProcMounts } from "./disk.ts";
import { notInstalled, type RunResult } from "./exec.ts";
import { agentFacts, detected } from "./facts.ts";
import {
  firewallFrom,
  iptablesFiltersInput,
  nftFiltersInput,
  parseFirewalldState,
  parseIptables,
  parseNftRuleset,
  parseUfwStatus,
} from "./firewall.ts";
import { isDebianLike, isRedHatLike, parseOsRelease } from "./os-release.ts";
import { parseDconfKeyfile, parseGsettingsBool, parseGsettingsUint } from "./screen-lock.ts";
import { effectiveSshdConfig, matchGlob, parseSshdT } from "./ssh.ts";
import { dnfAutomaticApplies, dpkgInstalled, parseAptConfig, parseIsEnabled, periodicEnabled } from "./updates.ts";

const ok = (stdout: string): RunResult => ({ ok: true, stdout, stderr: "" });
const missing = notInstalled;
const failed = (stdout: string, stderr: string, code = 1): RunResult => ({
  ok: false,
  kind: /not permitted|root/i.test(stderr) ? "permission" : "failed",
  code,
  stdout,
  stderr,
  message: stderr.split("\n")[0]!,
});

/** A fake machine: files, folders and command answers. */
function probe(
  files: Record<string, string>,
  commands: Record<string, RunResult> = {},
  isRoot = true,
  dirs: Record<string, string[]> = {},
): Probe {
  return {
    isRoot,
    run: async (cmd, args) => commands[`${cmd} ${args.join(" ")}`] ?? commands[cmd] ?? missing(cmd),
    read: (p) => {
      if (files[p] === "EACCES") throw Object.assign(new Error("denied"), { code: "EACCES" });
      return files[p] ?? null;
    },
    list: (d) =>
      dirs[d] ??
      (Object.keys(files).some((f) => f.startsWith(`${d}/`))
        ? Object.keys(files)
            .filter((f) => f.startsWith(`${d}/`) && !f.slice(d.length + 1).includes("/"))
            .map((f) => f.slice(d.length + 1))
            .sort()
        : null),
  };
}

describe("os-release", () => {
  it("reads Debian, Ubuntu, Rocky and Fedora files with quotes and comments", () => {
    const debian = parseOsRelease(
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n',
    );
    expect(debian).toEqual({
      id: "debian",
      version_id: "12",
      name: "Debian GNU/Linux",
      pretty_name: "Debian GNU/Linux 12 (bookworm)",
      id_like: [],
      version_codename: "bookworm",
    });
    const ubuntu = parseOsRelease(
      'NAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\n',
    )!;
    expect(ubuntu).toMatchObject({ id: "ubuntu", version_id: "24.04", id_like: ["debian"] });
    expect(isDebianLike(ubuntu)).toBe(true);
    const rocky = parseOsRelease(
      '# comment\nNAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n',
    )!;
    expect(rocky).toMatchObject({
      id: "rocky",
      version_id: "9.4",
      id_like: ["rhel", "centos", "fedora"],
      pretty_name: "Rocky Linux 9.4",
    });
    expect(isRedHatLike(rocky)).toBe(true);
    expect(isDebianLike(rocky)).toBe(false);
    const arch = parseOsRelease("NAME='Arch Linux'\nID=arch\nBUILD_ID=rolling\n")!;
    expect(arch).toMatchObject({ id: "arch", version_id: null, name: "Arch Linux" });
    expect(parseOsRelease("NAME=nothing\n")).toBeNull();
  });
});

describe("disk encryption", () => {
  const fedoraLsblk = JSON.stringify({
    blockdevices: [
      {
        name: "nvme0n1",
        type: "disk",
        fstype: null,
        mountpoints: [null],
        children: [
          { name: "nvme0n1p1", type: "part", fstype: "vfat", mountpoints: ["/boot/efi"] },
          { name: "nvme0n1p2", type: "part", fstype: "ext4", mountpoints: ["/boot"] },
          {
            name: "nvme0n1p3",
            type: "part",
            fstype: "crypto_LUKS",
            mountpoints: [null],
            children: [{ name: "luks-3f2a", type: "crypt", fstype: "btrfs", mountpoints: ["/home", "/"] }],
          },
        ],
      },
    ],
  });
  it("follows a LUKS partition under btrfs subvolumes (Fedora)", () => {
    const mounts = parseProcMounts(
      "/dev/mapper/luks-3f2a / btrfs rw,subvol=/root 0 0\n/dev/nvme0n1p2 /boot ext4 rw 0 0\n/dev/mapper/luks-3f2a /home btrfs rw,subvol=/home 0 0\n",
    );
    const r = diskEncryptionFrom(mounts, parseLsblk(fedoraLsblk));
    expect(r).toMatchObject({ state: "detected", value: { encrypted: true } });
    if (r.state === "detected") {
      expect(r.value.volumes).toHaveLength(1); // /home is the same device
      expect(r.value.volumes[0]!.layers).toEqual([
        "nvme0n1 (disk)",
        "nvme0n1p3 (part, crypto_LUKS)",
        "luks-3f2a (crypt, btrfs)",
      ]);
    }
  });

  it("finds LVM on LUKS (Ubuntu) and a plain /home on another disk", () => {
    const tree = parseLsblk(
      JSON.stringify({
        blockdevices: [
          {
            name: "sda",
            type: "disk",
            fstype: null,
            mountpoint: null,
            children: [
              {
                name: "sda3",
                type: "part",
                fstype: "crypto_LUKS",
                mountpoint: null,
                children: [
                  {
                    name: "dm_crypt-0",
                    type: "crypt",
                    fstype: "LVM2_member",
                    mountpoint: null,
                    children: [{ name: "ubuntu--vg-ubuntu--lv", type: "lvm", fstype: "ext4", mountpoint: "/" }],
                  },
                ],
              },
            ],
          },
          {
            name: "sdb",
            type: "disk",
            fstype: null,
            mountpoint: null,
            children: [{ name: "sdb1", type: "part", fstype: "ext4", mountpoint: "/home" }],
          },
        ],
      }),
    );
    const mounts = parseProcMounts("/dev/mapper/ubuntu--vg-ubuntu--lv / ext4 rw 0 0\n/dev/sdb1 /home ext4 rw 0 0\n");
    const r = diskEncryptionFrom(mounts, tree);
    expect(r).toMatchObject({
      state: "detected",
      value: {
        encrypted: false,
        volumes: [
          { mountpoint: "/", encrypted: true },
          { mountpoint: "/home", device: "/dev/sdb1", encrypted: false, layers: ["sdb (disk)", "sdb1 (part, ext4)"] },
        ],
      },
    });
  });

  it("says unknown for containers and ZFS, and decodes escaped mount paths", () => {
    expect(diskEncryptionFrom(parseProcMounts("overlay / overlay rw 0 0\n"), [])).toMatchObject({
      state: "unknown",
      reason: expect.stringMatching(/overlay filesystem.*container/),
    });
    expect(diskEncryptionFrom(parseProcMounts("rpool/ROOT/ubuntu / zfs rw 0 0\n"), [])).toMatchObject({
      state: "unknown",
      reason: expect.stringMatching(/ZFS/),
    });
    expect(diskEncryptionFrom(parseProcMounts("/dev/sda1 / ext4 rw 0 0\n"), [])).toMatchObject({ state: "unknown" });
    expect(parseProcMounts("/dev/sdc1 /mnt/my\\040disk ext4 rw 0 0")[0]!.mountpoint).toBe("/mnt/my disk");
    expect(() => parseLsblk("{}")).toThrow(/blockdevices/);
  });
});

describe("firewall", () => {
  const ufwRuleset = `table ip filter {
	chain INPUT {
		type filter hook input priority filter; policy drop;
		counter packets 10 bytes 600 jump ufw-before-logging-input
	}
	chain ufw-before-input {
		iif "lo" counter accept
	}
}
`;
  const dockerOnly = `table ip nat {
	chain DOCKER {
		iifname "docker0" counter return
	}
	chain POSTROUTING {
		type nat hook postrouting priority srcnat; policy accept;
		oifname != "docker0" ip saddr 172.17.0.0/16 counter masquerade
	}
}
table inet filter {
	chain input {
		type filter hook input priority filter; policy accept;
	}
}
`;
  it("parses each tool's answer", () => {
    expect(parseUfwStatus("Status: active\n\nTo  Action  From\n")).toBe("active");
    expect(parseUfwStatus("Status: inactive\n")).toBe("inactive");
    expect(parseFirewalldState("running\n")).toBe("running");
    expect(parseFirewalldState("not running\n")).toBe("not running");
    const chains = parseNftRuleset(ufwRuleset);
    expect(chains).toEqual([
      { table: "ip filter", chain: "INPUT", policy: "drop", rules: [expect.stringContaining("jump")] },
    ]);
    expect(nftFiltersInput(chains)).toBe(true);
    expect(nftFiltersInput(parseNftRuleset(dockerOnly))).toBe(false);
    expect(
      nftFiltersInput(
        parseNftRuleset(
          "table inet f {\n chain in {\n type filter hook input priority 0; policy accept;\n tcp dport 23 reject\n }\n}\n",
        ),
      ),
    ).toBe(true);
    const ipt = parseIptables("-P INPUT ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\n");
    expect(ipt).toEqual({ policy: "ACCEPT", rules: ["-A INPUT -p tcp --dport 22 -j ACCEPT"] });
    expect(iptablesFiltersInput(ipt)).toBe(false);
    expect(iptablesFiltersInput(parseIptables("-P INPUT DROP\n"))).toBe(true);
    expect(iptablesFiltersInput(parseIptables("-P INPUT ACCEPT\n-A INPUT -j f2b-sshd\n"))).toBe(true);
  });

  it("decides from the first tool that filters, says inactive when tools answered, unknown when none could", () => {
    expect(
      firewallFrom({
        ufw: ok("Status: active\n"),
        firewalld: missing("firewall-cmd"),
        nft: ok(""),
        iptables: missing("iptables"),
      }),
    ).toMatchObject({ state: "detected", value: { active: true, tool: "ufw" } });
    expect(
      firewallFrom({
        ufw: missing("ufw"),
        firewalld: failed("", "not running", 252),
        nft: ok(ufwRuleset),
        iptables: missing("iptables"),
      }),
    ).toMatchObject({ state: "detected", value: { active: true, tool: "nftables" } });
    const off = firewallFrom({
      ufw: ok("Status: inactive\n"),
      firewalld: missing("firewall-cmd"),
      nft: ok(dockerOnly),
      iptables: missing("iptables"),
    });
    expect(off).toMatchObject({ state: "detected", value: { active: false, tool: "nftables" } });
    if (off.state === "detected")
      expect(off.value.detail).toMatch(/ufw is inactive.*nftables input chains accept everything/);
    const denied = firewallFrom({
      ufw: failed("", "ERROR: You need to be root to run this script"),
      firewalld: missing("firewall-cmd"),
      nft: failed("", "Operation not permitted (you must be root)"),
      iptables: missing("iptables"),
    });
    expect(denied).toMatchObject({
      state: "unknown",
      reason: expect.stringMatching(/No firewall tool could answer.*Run the agent as root/),
    });
  });
});

describe("automatic updates", () => {
  it("parses apt configuration: dumps, files, nested scopes, comments and the last value", () => {
    const dump = parseAptConfig(
      'APT "";\nAPT::Periodic "";\nAPT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n',
    );
    expect(dump.get("apt::periodic::unattended-upgrade")).toBe("1");
    const files = parseAptConfig(
      '// 20auto-upgrades\nAPT::Periodic::Unattended-Upgrade "1";\n/* later override */\nAPT { Periodic { Unattended-Upgrade "0"; }; };\n# done\n',
    );
    expect(files.get("apt::periodic::unattended-upgrade")).toBe("0");
    expect(periodicEnabled("1")).toBe(true);
    expect(periodicEnabled("7")).toBe(true);
    expect(periodicEnabled("0")).toBe(false);
    expect(periodicEnabled("always")).toBe(true);
    expect(periodicEnabled(undefined)).toBe(false);
    expect(dpkgInstalled("install ok installed")).toBe(true);
    expect(dpkgInstalled("deinstall ok config-files")).toBe(false);
    expect(parseIsEnabled("enabled\n")).toBe("enabled");
    expect(parseIsEnabled("disabled\n")).toBe("disabled");
    expect(parseIsEnabled("")).toBeNull();
    expect(dnfAutomaticApplies("[commands]\nupgrade_type = security\napply_updates = yes\n[emitters]\n")).toBe(true);
    expect(dnfAutomaticApplies("[commands]\n# apply_updates = yes\napply_updates = no\n")).toBe(false);
    expect(dnfAutomaticApplies(null)).toBe(false);
  });

  const debian = detected(parseOsRelease("ID=debian\nVERSION_ID=12\n")!, "/etc/os-release");
  const fedora = detected(parseOsRelease("ID=fedora\nVERSION_ID=43\n")!, "/etc/os-release");
  it("checks unattended-upgrades on Debian", async () => {
    const on = await detectAutomaticUpdates(
      probe(
        {},
        {
          "dpkg-query": ok("install ok installed"),
          "apt-config dump": ok('APT::Periodic::Unattended-Upgrade "1";\n'),
        },
      ),
      debian,
    );
    expect(on).toMatchObject({ state: "detected", value: { enabled: true, mechanism: "unattended-upgrades" } });
    const absent = await detectAutomaticUpdates(
      probe({}, { "dpkg-query": failed("", "dpkg-query: no packages found matching unattended-upgrades") }),
      debian,
    );
    expect(absent).toMatchObject({
      state: "detected",
      value: { enabled: false, detail: expect.stringMatching(/not installed/) },
    });
    const filesOnly = await detectAutomaticUpdates(
      probe(
        { "/etc/apt/apt.conf.d/20auto-upgrades": 'APT::Periodic::Unattended-Upgrade "0";\n' },
        { "dpkg-query": ok("install ok installed") },
      ),
      debian,
    );
    expect(filesOnly).toMatchObject({
      state: "detected",
      value: { enabled: false, detail: expect.stringMatching(/"0"/) },
    });
  });

  it("checks dnf-automatic timers on Fedora, and says unknown for distributions it does not know", async () => {
    const states = (install: string, plain: string) => ({
      "systemctl is-enabled dnf-automatic-install.timer":
        install === "enabled" ? ok("enabled\n") : failed(`${install}\n`, ""),
      "systemctl is-enabled dnf5-automatic.timer": failed(
        "",
        "Failed to get unit file state for dnf5-automatic.timer: No such file or directory",
      ),
      "systemctl is-enabled dnf-automatic.timer": plain === "enabled" ? ok("enabled\n") : failed(`${plain}\n`, ""),
    });
    expect(await detectAutomaticUpdates(probe({}, states("enabled", "disabled")), fedora)).toMatchObject({
      value: { enabled: true, mechanism: "dnf-automatic" },
    });
    expect(
      await detectAutomaticUpdates(
        probe({ "/etc/dnf/automatic.conf": "[commands]\napply_updates = no\n" }, states("disabled", "enabled")),
        fedora,
      ),
    ).toMatchObject({ value: { enabled: false, detail: expect.stringMatching(/only downloaded/) } });
    expect(
      await detectAutomaticUpdates(
        probe({ "/etc/dnf/automatic.conf": "[commands]\napply_updates = yes\n" }, states("disabled", "enabled")),
        fedora,
      ),
    ).toMatchObject({ value: { enabled: true } });
    expect(await detectAutomaticUpdates(probe({}, states("disabled", "disabled")), fedora)).toMatchObject({
      value: { enabled: false, detail: expect.stringMatching(/No dnf-automatic timer/) },
    });
    const arch = detected(parseOsRelease("ID=arch\nPRETTY_NAME=Arch Linux\n")!, "/etc/os-release");
    expect(await detectAutomaticUpdates(probe({}), arch)).toMatchObject({
      state: "unknown",
      reason: expect.stringMatching(/Arch Linux/),
    });
  });
});

describe("ssh", () => {
  it("reads sshd -T", () => {
    expect(parseSshdT("port 22\npermitrootlogin without-password\npasswordauthentication no\n")).toMatchObject({
      permit_root_login: "without-password",
      password_authentication: "no",
    });
    expect(parseSshdT("garbage")).toBeNull();
  });

  it("applies first-match-wins across Include files, skips Match blocks and fills defaults", () => {
    const files: Record<string, string> = {
      "/etc/ssh/sshd_config":
        "Include /etc/ssh/sshd_config.d/*.conf\n#PermitRootLogin yes\nPermitRootLogin no\nPasswordAuthentication no\nMatch User backup\n  PasswordAuthentication yes\n",
      "/etc/ssh/sshd_config.d/50-cloud-init.conf": "PasswordAuthentication yes\n",
      "/etc/ssh/sshd_config.d/60-mine.conf": "PasswordAuthentication no\npermitrootlogin=prohibit-password\n",
      "/etc/ssh/sshd_config.d/README": "PermitRootLogin yes\n",
    };
    const load = (pattern: string) =>
      (pattern.includes("*")
        ? matchGlob(
            pattern,
            Object.keys(files)
              .filter((f) => f.startsWith("/etc/ssh/sshd_config.d/"))
              .map((f) => f.split("/").pop()!),
          )
        : [pattern]
      )
        .filter((p) => files[p] !== undefined)
        .map((p) => ({ path: p, text: files[p]! }));
    const s = effectiveSshdConfig("/etc/ssh/sshd_config", load);
    // Ubuntu's cloud image trap: 50-cloud-init.conf comes first and wins over the main file.
    expect(s).toEqual({
      permit_root_login: "prohibit-password",
      password_authentication: "yes",
      origins: {
        permit_root_login: "/etc/ssh/sshd_config.d/60-mine.conf:2",
        password_authentication: "/etc/ssh/sshd_config.d/50-cloud-init.conf:1",
      },
    });
    const plain = effectiveSshdConfig("/etc/ssh/sshd_config", (p) =>
      p === "/etc/ssh/sshd_config" ? [{ path: p, text: "Port 22\n" }] : [],
    );
    expect(plain).toMatchObject({
      permit_root_login: "prohibit-password",
      password_authentication: "yes",
      origins: { permit_root_login: "default" },
    });
    expect(matchGlob("/etc/ssh/sshd_config.d/*.conf", ["b.conf", "a.conf", "x.txt"])).toEqual([
      "/etc/ssh/sshd_config.d/a.conf",
      "/etc/ssh/sshd_config.d/b.conf",
    ]);
  });

  it("detects: not installed, sshd -T, file fallback, unreadable config", async () => {
    expect(await detectSsh(probe({}))).toMatchObject({ state: "detected", value: { installed: false } });
    expect(
      await detectSsh(probe({}, { "sshd -T": ok("permitrootlogin no\npasswordauthentication no\n") })),
    ).toMatchObject({
      value: { installed: true, permit_root_login: "no", source: "sshd -T" },
    });
    const denied = failed("", "sshd: no hostkeys available -- exiting.", 1);
    expect(
      await detectSsh(probe({ "/etc/ssh/sshd_config": "PermitRootLogin yes\n" }, { "sshd -T": denied }, false)),
    ).toMatchObject({
      state: "detected",
      value: { permit_root_login: "yes", password_authentication: "yes", source: "config files" },
    });
    expect(await detectSsh(probe({ "/etc/ssh/sshd_config": "EACCES" }, { "sshd -T": denied }, false))).toMatchObject({
      state: "unknown",
      reason: expect.stringMatching(/permission denied.*Run the agent as root/),
    });
  });
});

describe("screen lock", () => {
  it("parses gsettings and dconf keyfiles", () => {
    expect(parseGsettingsBool("true\n")).toBe(true);
    expect(parseGsettingsBool("false")).toBe(false);
    expect(parseGsettingsUint("uint32 300\n")).toBe(300);
    expect(parseGsettingsUint("0")).toBe(0);
    const m = parseDconfKeyfile(
      "[org/gnome/desktop/session]\nidle-delay=uint32 600\n\n[org/gnome/desktop/screensaver]\nlock-enabled=true\n",
    );
    expect(m.get("org/gnome/desktop/session/idle-delay")).toBe("uint32 600");
    expect(m.get("org/gnome/desktop/screensaver/lock-enabled")).toBe("true");
  });

  it("is not applicable without a desktop, reads dconf defaults as root and gsettings as the user", async () => {
    expect(await detectScreenLock(probe({}))).toMatchObject({ state: "detected", value: { desktop: false } });
    const desktop = { "/usr/share/wayland-sessions": ["gnome.desktop"] };
    const policy = {
      "/etc/dconf/db/local.d/00-screensaver":
        "[org/gnome/desktop/session]\nidle-delay=uint32 300\n[org/gnome/desktop/screensaver]\nlock-enabled=true\n",
    };
    expect(await detectScreenLock(probe(policy, {}, true, { ...desktop, "/etc/dconf/db": ["local.d"] }))).toMatchObject(
      {
        state: "detected",
        value: { desktop: true, lock_enabled: true, idle_delay_seconds: 300 },
        method: expect.stringMatching(/dconf system defaults/),
      },
    );
    expect(await detectScreenLock(probe({}, {}, true, desktop))).toMatchObject({
      state: "unknown",
      reason: expect.stringMatching(/per-user/),
    });
    expect(
      await detectScreenLock(
        probe(
          {},
          {
            "gsettings get org.gnome.desktop.screensaver lock-enabled": ok("false\n"),
            "gsettings get org.gnome.desktop.session idle-delay": ok("uint32 0\n"),
          },
          false,
          desktop,
        ),
      ),
    ).toMatchObject({ state: "detected", value: { desktop: true, lock_enabled: false, idle_delay_seconds: 0 } });
  });
});

describe("the report schema", () => {
  it("accepts what the collector produces on a fake Debian server and refuses extra or malformed fields", async () => {
    const { collectFacts } = await import("./collect.ts");
    const facts = await collectFacts(
      probe(
        {
          "/etc/machine-id": "0123456789abcdef0123456789abcdef\n",
          "/etc/os-release": "ID=debian\nVERSION_ID=12\n",
          "/proc/mounts": "/dev/sda1 / ext4 rw 0 0\n",
        },
        {
          lsblk: ok(
            JSON.stringify({
              blockdevices: [
                {
                  name: "sda",
                  type: "disk",
                  children: [{ name: "sda1", type: "part", fstype: "ext4", mountpoint: "/" }],
                },
              ],
            }),
          ),
        },
      ),
    );
    expect(agentFacts.parse(facts)).toEqual(facts);
    expect(facts.machine_id).toBe("0123456789abcdef0123456789abcdef");
    expect(agentFacts.safeParse({ ...facts, extra: 1 }).success).toBe(false);
    expect(agentFacts.safeParse({ ...facts, machine_id: "xyz" }).success).toBe(false);
    expect(agentFacts.safeParse({ ...facts, firewall: { state: "maybe" } }).success).toBe(false);
    await expect(collectFacts(probe({ "/etc/os-release": "ID=debian\n", "/proc/mounts": "" }))).rejects.toThrow(
      /machine-id/,
    );
  });
});
