import fs from "node:fs";
function agg(file) {
  const snap = JSON.parse(fs.readFileSync(file, "utf8"));
  const m = snap.snapshot.meta; const nf = m.node_fields; const N = nf.length;
  const types = m.node_types[0]; const nodes = snap.nodes; const strings = snap.strings;
  const iT = nf.indexOf("type"), iN = nf.indexOf("name"), iS = nf.indexOf("self_size");
  const a = new Map();
  for (let i = 0; i < nodes.length; i += N) {
    const t = types[nodes[i + iT]]; let name = strings[nodes[i + iN]]; const s = nodes[i + iS];
    if (t.includes("string")) name = "";
    if (t === "code" || t === "closure" || t === "array" || t === "hidden") name = t === "closure" ? "" : name.slice(0, 40);
    const k = `${t}:${name.slice(0, 50)}`;
    const e = a.get(k) ?? [0, 0]; e[0] += s; e[1]++; a.set(k, e);
  }
  return a;
}
const A = agg(process.argv[2]), B = agg(process.argv[3]);
const d = [];
for (const [k, [s, c]] of B) { const [s0, c0] = A.get(k) ?? [0, 0]; d.push([s - s0, c - c0, k]); }
d.sort((x, y) => y[0] - x[0]);
let tot = 0; for (const x of d) tot += x[0];
console.log("total delta MB", (tot / 2 ** 20).toFixed(1));
console.log(d.slice(0, 30).map(([s, c, k]) => `${(s / 2 ** 20).toFixed(2)}MB ${c} ${k}`).join("\n"));
