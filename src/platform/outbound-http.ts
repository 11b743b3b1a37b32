/**
 * HTTP to user-chosen destinations (webhooks, connectors with a configurable API URL) through the network guard:
 * every connection, redirects included, resolves and checks its host inside the socket's own lookup and connects
 * to the checked addresses (src/platform/net-guard.ts).
 */
import https from "node:https";
import net from "node:net";
import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { checkAddress, guardedLookup, type OutboundPolicy } from "./net-guard.ts";

/** An undici dispatcher whose every new connection passes the guard (IP literals, which skip lookup, included). */
export function outboundDispatcher(policy: OutboundPolicy): Agent {
  const connect = buildConnector({ lookup: guardedLookup(policy) });
  return new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, "");
      if (net.isIP(host))
        try {
          checkAddress(policy, host, host);
        } catch (err) {
          return callback(err as Error, null);
        }
      connect(options, callback);
    },
  });
}

/**
 * A `fetch` that reaches only destinations the policy allows. A refusal rejects like a network error (TypeError
 * "fetch failed") whose `cause` is the OutboundRefused.
 */
export function outboundFetch(policy: OutboundPolicy): typeof globalThis.fetch {
  const dispatcher = dispatchers.get(policy.source) ?? outboundDispatcher(policy);
  dispatchers.set(policy.source, dispatcher);
  return ((input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof globalThis.fetch;
}

/** One connection pool per setting (the setting is fixed for a process; tests use a few). */
const dispatchers = new Map<string, Agent>();

/** The same for clients built on node:https (node-fetch): an Agent whose sockets pass the guard. */
export function outboundHttpsAgent(policy: OutboundPolicy): https.Agent {
  return new GuardedHttpsAgent(policy);
}

class GuardedHttpsAgent extends https.Agent {
  readonly #policy: OutboundPolicy;
  constructor(policy: OutboundPolicy) {
    super({ keepAlive: true, lookup: guardedLookup(policy) });
    this.#policy = policy;
  }
  // Sockets skip `lookup` for IP literals: those are checked here.
  override createConnection(
    options: Parameters<https.Agent["createConnection"]>[0],
    callback?: Parameters<https.Agent["createConnection"]>[1],
  ) {
    const host = String(options?.host ?? "").replace(/^\[|\]$/g, "");
    if (net.isIP(host))
      try {
        checkAddress(this.#policy, host, host);
      } catch (err) {
        callback?.(err as Error, undefined as never);
        return undefined;
      }
    return super.createConnection(options, callback);
  }
}
