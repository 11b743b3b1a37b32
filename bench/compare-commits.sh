#!/usr/bin/env bash
# Runs bench/mixed-load.bench.ts on an older commit and on the current code, each on a fresh PostgreSQL database,
# and prints the figures side by side.
#
#   bench/compare-commits.sh [--old-only] [OLD] [NEW]
#
#   OLD         commit to measure "before" (default 52caa7a, the commit before the kernel), in a git worktree under /tmp
#   NEW         commit to measure "after" in a second worktree; left out: this checkout's working tree, as it is
#   --old-only  measure OLD only (print its figures)
#
# A worktree reuses this checkout's node_modules (a symlink) when every package its package-lock.json pins is
# installed here at the same version (packages the current code added do not matter); otherwise it runs `npm ci`
# there. The current bench/mixed-load.bench.ts is copied into a worktree whose commit does not have it.
# Each bench run creates and drops its own scratch database on BENCH_DATABASE_URL's server (default
# postgres://postgres@127.0.0.1:5432/postgres). BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_POOL_SIZE and BENCH_WRITES
# pass through to the bench. KEEP_WORKTREES=1 leaves the worktrees (and their logs) in place.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH=bench/mixed-load.bench.ts
OLD_ONLY=0
ARGS=()
for a in "$@"; do
  case "$a" in
    --old-only) OLD_ONLY=1 ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) ARGS+=("$a") ;;
  esac
done
OLD="${ARGS[0]:-52caa7a}"
NEW="${ARGS[1]:-}"

NODE="$ROOT/node_modules/.bin/node" # Node 24 (the `node` devDependency); the system node may be older
[ -x "$NODE" ] || NODE=node
OUT="$(mktemp -d /tmp/assay-compare-XXXXXX)"
WORKTREES=()
PREPARED=""

cleanup() {
  [ "${KEEP_WORKTREES:-0}" = 1 ] && { echo "worktrees and logs kept: ${WORKTREES[*]} $OUT"; return; }
  for wt in "${WORKTREES[@]}"; do
    [ -L "$wt/node_modules" ] && rm "$wt/node_modules" # the link only, never the shared folder
    git -C "$ROOT" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
  done
  git -C "$ROOT" worktree prune
  rm -rf "$OUT"
}
trap cleanup EXIT

# Whether every package pinned by $1/package-lock.json is installed in $ROOT/node_modules at the same version.
deps_installed() {
  "$NODE" -e '
    const fs = require("node:fs");
    const want = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).packages ?? {};
    const have = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).packages ?? {};
    const bad = Object.entries(want).filter(([k, v]) => k && !(have[k]?.version === v.version || (!have[k] && v.optional)));
    for (const [k, v] of bad.slice(0, 5)) console.error(`  ${k}: wants ${v.version}, installed ${have[k]?.version ?? "none"}`);
    process.exit(bad.length ? 1 : 0);
  ' "$1/package-lock.json" "$ROOT/node_modules/.package-lock.json"
}

# Checks out commit $1 into a new worktree, prepares node_modules and the bench; sets PREPARED to its path.
# (Not called in a subshell, so that WORKTREES records it for the cleanup.)
prepare() {
  local sha wt
  sha="$(git -C "$ROOT" rev-parse --verify --quiet "$1^{commit}")" || { echo "no such commit: $1" >&2; return 1; }
  wt="/tmp/assay-wt-${sha:0:12}-$$"
  git -C "$ROOT" worktree add --detach "$wt" "$sha" >/dev/null 2>&1 || { echo "git worktree add failed" >&2; return 1; }
  WORKTREES+=("$wt")
  if cmp -s "$wt/package.json" "$ROOT/package.json" && cmp -s "$wt/package-lock.json" "$ROOT/package-lock.json"; then
    echo "[$1] package.json and lock identical to this checkout: linking node_modules" >&2
    ln -s "$ROOT/node_modules" "$wt/node_modules"
  elif deps_installed "$wt"; then
    echo "[$1] every package its lock pins is installed here at the same version: linking node_modules" >&2
    ln -s "$ROOT/node_modules" "$wt/node_modules"
  else
    echo "[$1] dependencies differ: npm ci in the worktree" >&2
    (cd "$wt" && npm ci --no-audit --no-fund >&2) || { echo "npm ci failed" >&2; return 1; }
  fi
  if [ ! -f "$wt/$BENCH" ]; then
    echo "[$1] has no $BENCH: using the current one" >&2
    cp "$ROOT/$BENCH" "$wt/$BENCH"
  fi
  PREPARED="$wt"
}

# Runs the bench in directory $1, labelled $2; its JSON goes to $OUT/$2.json, its output to $OUT/$2.log.
measure() {
  echo "=== $2: $BENCH in $1 ===" >&2
  (cd "$1" && BENCH_JSON="$OUT/$2.json" npx --no-install node "$BENCH") 2>&1 | tee "$OUT/$2.log" >&2
  [ -s "$OUT/$2.json" ]
}

prepare "$OLD" || exit 1
OLD_WT="$PREPARED"
OLD_LABEL="old $(git -C "$OLD_WT" rev-parse --short=7 HEAD)"
measure "$OLD_WT" old || { echo "the bench failed on $OLD (log above)" >&2; exit 1; }

NEW_LABEL=""
if [ "$OLD_ONLY" = 0 ]; then
  if [ -n "$NEW" ]; then
    prepare "$NEW" || exit 1
    NEW_WT="$PREPARED"
    NEW_LABEL="new $(git -C "$NEW_WT" rev-parse --short=7 HEAD)"
  else
    NEW_WT="$ROOT"
    NEW_LABEL="new (working tree)"
  fi
  measure "$NEW_WT" new || { echo "the bench failed on the new code (log above); showing the old figures only" >&2; NEW_LABEL=""; }
fi

# Side by side: each figure of each result, old and new, and new / old.
"$NODE" -e '
  const fs = require("node:fs");
  const [oldFile, newFile, oldLabel, newLabel] = process.argv.slice(1);
  const oldR = JSON.parse(fs.readFileSync(oldFile, "utf8"));
  const newR = newLabel ? JSON.parse(fs.readFileSync(newFile, "utf8")) : [];
  const fmt = (n) => (n === undefined ? "—" : Number.isInteger(n) ? n.toLocaleString("en-US") : Math.abs(n) >= 1000 ? Math.round(n).toLocaleString("en-US") : n.toFixed(n < 10 ? 2 : 1));
  const w = [66, 14, 18, 9];
  const row = (cells) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join(" "));
  oldR.forEach((o, i) => {
    const n = newR[i];
    console.log(`\n## ${o.bench}${n && n.bench !== o.bench ? `\n## (new) ${n.bench}` : ""}`);
    row(["figure", oldLabel, newLabel || "", newLabel ? "new/old" : ""]);
    const unit = (u) => { const t = u.split(" ")[0]; return /^(ms|s|req\/s|MB|MB\/s|%)$/.test(t) ? ` (${t})` : ""; };
    const lines = o.figures.map((f) => [f.name + unit(f.unit), f.value, n?.figures.find((g) => g.name === f.name)?.value]);
    lines.push([`baseline: ${o.baseline.name}${unit(o.baseline.unit)}`, o.baseline.value, n?.baseline.value]);
    lines.push([`ratio: ${o.ratio.meaning}`, o.ratio.value, n?.ratio.value]);
    for (const [name, a, b] of lines)
      row([name.slice(0, w[0]), fmt(a), newLabel ? fmt(b) : "", newLabel && b !== undefined && a ? (b / a).toFixed(2) + "×" : ""]);
    for (const [label, r] of [[oldLabel, o], [newLabel, n]]) for (const note of r?.notes ?? []) console.log(`  ${label}: ${note}`);
  });
' "$OUT/old.json" "$OUT/new.json" "$OLD_LABEL" "$NEW_LABEL"
