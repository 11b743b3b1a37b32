import type { Emitted } from "./events.ts";
import type { Subscriber } from "./types.ts";

export type { Subscriber };

const subscribers: Subscriber[] = [];
let installed = false;

/** Registers the subscribers of every module (the manifest list does this once at start). */
export function installSubscribers(list: readonly Subscriber[]) {
  for (const s of list) if (!subscribers.some((x) => x.name === s.name)) subscribers.push(s);
  installed = true;
}

export function registeredSubscribers(): readonly Subscriber[] {
  if (!installed)
    throw new Error(
      "No module subscribers are installed: import src/modules/manifests.ts (the server, worker, CLI and test setup do) before writing.",
    );
  return subscribers;
}

/** The events among these that the subscriber listens to. */
export function eventsFor(subscriber: Subscriber, events: readonly Emitted[]): Emitted[] {
  const names = new Set(subscriber.on.map((t) => t.name));
  return events.filter((e) => names.has(e.type.name));
}
