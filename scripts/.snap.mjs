import fs from "node:fs";
const snap = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const m = snap.snapshot.meta; const nf = m.node_fields; const N = nf.length;
const types = m.node_types[0]; const nodes = snap.nodes; const strings = snap.strings;
const iT = nf.indexOf("type"), iN = nf.indexOf("name"), iS = nf.indexOf("self_size");
const agg = new Map(); const big = [];
for (let i = 0; i < nodes.length; i += N) {
  const t = types[nodes[i + iT]]; let name = strings[nodes[i + iN]]; const s = nodes[i + iS];
  if (t === "string" || t === "concatenated string" || t === "sliced string") name = "(string)";
  const k = `${t}:${name.slice(0, 60)}`;
  agg.set(k, (agg.get(k) ?? 0) + s);
  if (s > 512 * 1024) big.push([s, t, strings[nodes[i + iN]].slice(0, 100)]);
}
console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 2 ** 20).toFixed(1)}MB ${k}`).join("\n"));
console.log("--- big objects");
console.log(big.sort((a, b) => b[0] - a[0]).slice(0, 25).map(([s, t, n]) => `${(s / 2 ** 20).toFixed(1)}MB ${t} ${JSON.stringify(n)}`).join("\n"));
