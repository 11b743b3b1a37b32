import v8 from "node:v8";

for (const m of (process.env.MODS ?? "").split(",").filter(Boolean)) await import(m);
globalThis.gc();
for (const x of v8.getHeapSpaceStatistics())
  if (x.space_size)
    console.log(
      x.space_name,
      Math.round(x.space_used_size / 2 ** 20),
      Math.round(x.space_size / 2 ** 20),
      Math.round(x.physical_space_size / 2 ** 20),
    );
