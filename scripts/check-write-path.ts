/**
 * Lint: every write goes through the kernel. Fails when a transaction is opened, or a WriteTx made, anywhere in
 * src/ but the kernel's change() (and the schema migrator, which runs below the kernel). Tests may do either.
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const ALLOWED = new Set(["src/kernel/change.ts", "src/db/migrate.ts"]);
const RULES = [
  { pattern: /\.transaction\s*\(/, message: "opens a transaction: write through change() from src/kernel/change.ts" },
  { pattern: /as\s+(unknown\s+as\s+)?WriteTx\b/, message: "makes a WriteTx: only the kernel's change() may" },
];

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.ts$|\/testing\.ts$/.test(full)) yield full;
  }
}

const problems: string[] = [];
for (const file of sources(path.join(ROOT, "src"))) {
  const rel = path.relative(ROOT, file);
  if (ALLOWED.has(rel)) continue;
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      for (const r of RULES) if (r.pattern.test(line)) problems.push(`${rel}:${i + 1}: ${r.message}`);
    });
}
if (problems.length) {
  console.error(`The one write path is bypassed in ${problems.length} place(s):\n${problems.join("\n")}`);
  process.exit(1);
}
console.log("write path: every transaction in src/ is opened by the kernel");
