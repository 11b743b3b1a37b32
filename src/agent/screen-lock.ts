/** Screen lock on GNOME desktops: gsettings (the user's) or dconf system defaults (for every user). */

/** `gsettings get org.gnome.desktop.screensaver lock-enabled` → true/false. */
export function parseGsettingsBool(text: string): boolean | null {
  const t = text.trim();
  return t === "true" ? true : t === "false" ? false : null;
}

/** `gsettings get org.gnome.desktop.session idle-delay` → "uint32 300" (0: never idle). */
export function parseGsettingsUint(text: string): number | null {
  const m = /^(?:uint32\s+)?(\d+)$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/** A dconf keyfile (/etc/dconf/db/<db>.d/*): `[org/gnome/desktop/session]` sections of `key=value`. */
export function parseDconfKeyfile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) section = s[1]!.trim().replace(/^\/|\/$/g, "");
    else {
      const kv = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
      if (kv && section) out.set(`${section}/${kv[1]}`, kv[2]!.trim().replace(/^'(.*)'$/, "$1"));
    }
  }
  return out;
}

export const LOCK_ENABLED_KEY = "org/gnome/desktop/screensaver/lock-enabled";
export const IDLE_DELAY_KEY = "org/gnome/desktop/session/idle-delay";
