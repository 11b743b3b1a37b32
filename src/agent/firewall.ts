/** Host firewall: is one of ufw, firewalld, nftables or iptables filtering incoming traffic? */
import type { RunResult } from "./exec.ts";
import { type Detected, detected, type Firewall, unknown } from "./facts.ts";

/** `ufw status`: "Status: active" / "Status: inactive". */
export function parseUfwStatus(text: string): "active" | "inactive" | null {
  const m = /^Status:\s*(active|inactive)\b/m.exec(text);
  return (m?.[1] as "active" | "inactive" | undefined) ?? null;
}

/** `firewall-cmd --state`: "running" or "not running". */
export function parseFirewalldState(text: string): "running" | "not running" | null {
  const lines = text.split("\n").map((l) => l.trim().toLowerCase());
  if (lines.includes("running")) return "running";
  return lines.some((l) => l === "not running" || l === "firewalld is not running") ? "not running" : null;
}

export interface InputChain {
  table: string;
  chain: string;
  policy: string;
  rules: string[];
}

/** `nft list ruleset`: the base chains hooked on input, with their policy and rules. */
export function parseNftRuleset(text: string): InputChain[] {
  const chains: InputChain[] = [];
  let table = "";
  let current: (InputChain & { hook: string | null }) | null = null;
  let depth = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const tableMatch = /^table\s+(\S+\s+\S+|\S+)\s*\{$/.exec(line);
    if (tableMatch && depth === 0) {
      table = tableMatch[1]!;
      depth = 1;
      continue;
    }
    const chainMatch = /^chain\s+(\S+)\s*\{$/.exec(line);
    if (chainMatch && depth === 1) {
      current = { table, chain: chainMatch[1]!, policy: "accept", rules: [], hook: null };
      depth = 2;
      continue;
    }
    if (line.endsWith("{")) {
      depth++;
      continue;
    }
    if (line === "}") {
      if (depth === 2 && current) {
        if (current.hook === "input")
          chains.push({ table: current.table, chain: current.chain, policy: current.policy, rules: current.rules });
        current = null;
      }
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth === 2 && current) {
      const base = /^type\s+\S+\s+hook\s+(\S+)\s+.*?;(?:\s*policy\s+(\w+)\s*;)?/.exec(line);
      if (base) {
        current.hook = base[1]!;
        if (base[2]) current.policy = base[2];
      } else current.rules.push(line);
    }
  }
  return chains;
}

const FILTERING = /\b(drop|reject|jump|goto)\b/;

/** Active: an input chain drops by default, or has rules that drop, reject or hand over to another chain. */
export function nftFiltersInput(chains: InputChain[]): boolean {
  return chains.some((c) => c.policy === "drop" || c.rules.some((r) => FILTERING.test(r)));
}

/** `iptables -S INPUT` (or all chains): the INPUT policy and rules. */
export function parseIptables(text: string): { policy: string | null; rules: string[] } {
  let policy: string | null = null;
  const rules: string[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    const p = /^-P\s+INPUT\s+(\S+)/.exec(line);
    if (p) policy = p[1]!;
    else if (/^-A\s+INPUT\b/.test(line)) rules.push(line);
  }
  return { policy, rules };
}

export function iptablesFiltersInput(parsed: { policy: string | null; rules: string[] }): boolean {
  return (
    parsed.policy === "DROP" ||
    parsed.policy === "REJECT" ||
    parsed.rules.some((r) => /\s-j\s+(DROP|REJECT|[a-zA-Z][\w-]*)\b/.test(r) && !/\s-j\s+(ACCEPT|RETURN|LOG)\b/.test(r))
  );
}

export interface FirewallAnswers {
  ufw: RunResult;
  firewalld: RunResult;
  nft: RunResult;
  iptables: RunResult;
}

/**
 * Combines the tools' answers: the first that filters input decides "active"; if some answered and none
 * filters, "not active"; if none could answer (not installed, no permission), unknown with each reason.
 */
export function firewallFrom(a: FirewallAnswers): Detected<Firewall> {
  const notes: string[] = [];
  const problems: string[] = [];
  let answered: Firewall["tool"] | null = null;

  // ufw exits 0 with "Status: inactive" too; firewall-cmd --state exits 252 with "not running".
  const ufw = a.ufw.ok ? parseUfwStatus(a.ufw.stdout) : null;
  if (ufw === "active") return detected({ active: true, tool: "ufw", detail: "ufw status: active" }, "ufw status");
  if (ufw === "inactive") {
    notes.push("ufw is inactive");
    answered = "ufw";
  } else if (!a.ufw.ok) problems.push(a.ufw.message);

  const fwd = parseFirewalldState(
    a.firewalld.ok || a.firewalld.kind === "failed" ? `${a.firewalld.stdout}\n${a.firewalld.stderr}` : "",
  );
  if (fwd === "running")
    return detected({ active: true, tool: "firewalld", detail: "firewalld is running" }, "firewall-cmd --state");
  if (fwd === "not running") {
    notes.push("firewalld is not running");
    answered = "firewalld";
  } else if (!a.firewalld.ok) problems.push(a.firewalld.message);

  if (a.nft.ok) {
    const chains = parseNftRuleset(a.nft.stdout);
    if (nftFiltersInput(chains)) {
      const c = chains.find((x) => x.policy === "drop" || x.rules.some((r) => FILTERING.test(r)))!;
      return detected(
        {
          active: true,
          tool: "nftables",
          detail: `nftables chain ${c.table} ${c.chain} filters input (policy ${c.policy}, ${c.rules.length} rule(s))`,
        },
        "nft list ruleset",
      );
    }
    notes.push(
      chains.length
        ? `nftables input chains accept everything (${chains.map((c) => `${c.table} ${c.chain}`).join(", ")})`
        : "nftables has no input chain",
    );
    answered = "nftables";
  } else problems.push(a.nft.message);

  if (a.iptables.ok) {
    const parsed = parseIptables(a.iptables.stdout);
    if (iptablesFiltersInput(parsed))
      return detected(
        {
          active: true,
          tool: "iptables",
          detail: `iptables INPUT policy ${parsed.policy ?? "?"} with ${parsed.rules.length} rule(s)`,
        },
        "iptables -S INPUT",
      );
    notes.push(`iptables INPUT policy ${parsed.policy ?? "?"} with no filtering rules`);
    answered = "iptables";
  } else problems.push(a.iptables.message);

  if (answered)
    return detected(
      { active: false, tool: answered, detail: [...notes, ...problems].join("; ") },
      "ufw status, firewall-cmd --state, nft list ruleset, iptables -S INPUT",
    );
  return unknown(
    `No firewall tool could answer: ${problems.join("; ")}.${problems.some((p) => /permission|not permitted|root/i.test(p)) ? " Run the agent as root." : ""}`,
    "ufw status, firewall-cmd --state, nft list ruleset, iptables -S INPUT",
  );
}
