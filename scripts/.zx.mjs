const h = () => { globalThis.gc(); return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1); };
console.log("start", h());
const { ZxcvbnFactory } = await import("@zxcvbn-ts/core");
const common = await import("@zxcvbn-ts/language-common");
const en = await import("@zxcvbn-ts/language-en");
console.log("imported", h());
const z = new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
console.log("factory", h());
const t = performance.now(); z.check("correct horse battery", []); console.log("check", h(), Math.round(performance.now() - t), "ms");
