import fs from "node:fs";
export function topMaps() {
  const lines = fs.readFileSync("/proc/self/smaps", "utf8").split("\n");
  const cats = {};
  let cur = null;
  for (const l of lines) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(l)) {
      const p = l.split(/\s+/);
      const [a, b] = p[0].split("-").map((x) => parseInt(x, 16));
      const sz = (b - a) / 1024;
      cur =
        (p[5] ?? "anon") +
        " " +
        p[1] +
        (p[5] ? "" : sz >= 1024 * 1024 ? " >=1G" : sz >= 65536 ? " >=64M" : sz >= 1024 ? " >=1M" : " small");
    } else if (l.startsWith("Rss:")) cats[cur] = (cats[cur] ?? 0) + Number(l.split(/\s+/)[1]);
  }
  return Object.entries(cats)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14)
    .map(([k, v]) => `${Math.round(v / 1024)}MB ${k}`)
    .join("\n");
}
export function bigMaps(min = 4096) {
  const lines = fs.readFileSync("/proc/self/smaps", "utf8").split("\n");
  const out = [];
  let cur = null;
  for (const l of lines) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(l)) {
      const p = l.split(/\s+/);
      const [a, b] = p[0].split("-").map((x) => parseInt(x, 16));
      cur = { size: Math.round((b - a) / 2 ** 20), perm: p[1], name: p[5] ?? "", addr: p[0] };
      out.push(cur);
    } else if (l.startsWith("Rss:")) cur.rss = Number(l.split(/\s+/)[1]);
  }
  return out
    .filter((m) => m.rss >= min)
    .sort((a, b) => b.rss - a.rss)
    .map((m) => `${Math.round(m.rss / 1024)}MB of ${m.size}MB ${m.perm} ${m.name} ${m.addr}`)
    .join("\n");
}
