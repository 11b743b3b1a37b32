import fs from "node:fs";
const snap = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const m = snap.snapshot.meta; const nf = m.node_fields; const N = nf.length;
const types = m.node_types[0]; const nodes = snap.nodes; const strings = snap.strings;
const iT = nf.indexOf("type"), iN = nf.indexOf("name"), iS = nf.indexOf("self_size");
const out = [];
for (let i = 0; i < nodes.length; i += N) {
  const t = types[nodes[i + iT]]; const s = nodes[i + iS];
  if (t === "string" && s > 100 * 1024) out.push([s, strings[nodes[i + iN]].slice(0, 150).replace(/\s+/g, " ")]);
}
out.sort((a, b) => b[0] - a[0]);
let tot = 0; for (const [s] of out) tot += s;
console.log("total big strings MB", (tot / 2**20).toFixed(1), "count", out.length);
console.log(out.slice(0, 40).map(([s, n]) => `${(s / 1024).toFixed(0)}KB ${n}`).join("\n"));
