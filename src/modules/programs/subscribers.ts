/**
 * Derived state of programs, kept current in the transaction of every change: control signals (from evidence and
 * tests) and criterion readiness (from control statuses). Other modules announce changes to a control's inputs with
 * their own events carrying a `controls` scope; they are listed here, so those modules never call into programs.
 */
import { type ControlScope, mergeControlScopes } from "../../core/control-scope.ts";
import { type EventType, payloadsOf } from "../../kernel/events.ts";
import type { Subscriber } from "../../kernel/subscribers.ts";
import { evidenceControlsMoved } from "../evidence/events.ts";
import { testResultsMoved } from "../monitoring/events.ts";
import { controlInputsChanged, controlsChanged, programCreated } from "./events.ts";
import { recomputeReadiness, snapshotReadiness } from "./readiness.ts";
import { refreshControlSignals } from "./signals.ts";

/** Events of other modules whose payload has `controls: ControlScope`: their controls' signals are refreshed. */
const CONTROL_INPUT_EVENTS: EventType<{ controls: ControlScope }>[] = [evidenceControlsMoved, testResultsMoved];

export const controlSignalsSubscriber: Subscriber = {
  name: "programs.control-signals",
  on: [controlInputsChanged, ...CONTROL_INPUT_EVENTS] as EventType<never>[],
  async handle(c, events) {
    const scopes = events.map((e) =>
      e.type.name === controlInputsChanged.name
        ? (e.payload as ControlScope)
        : (e.payload as { controls: ControlScope }).controls,
    );
    for (const s of mergeControlScopes(scopes))
      await refreshControlSignals(c, { programId: s.programId, controlKeys: s.keys });
  },
};

/** Readiness of the criteria whose controls moved; a new program gets all of it and its first daily snapshot. */
export const readinessSubscriber: Subscriber = {
  name: "programs.readiness",
  on: [controlsChanged, programCreated] as EventType<never>[],
  async handle(c, events) {
    const created = payloadsOf(events, programCreated).map((p) => p.id);
    const byProgram = new Map<string, Set<string> | null>(created.map((id) => [id, null]));
    for (const { programId, criteria } of payloadsOf(events, controlsChanged)) {
      const known = byProgram.get(programId);
      if (known === null) continue;
      byProgram.set(programId, criteria ? new Set([...(known ?? []), ...criteria]) : null);
    }
    for (const [programId, criteria] of byProgram)
      await recomputeReadiness(c.tx, c.organizationId!, programId, criteria ?? undefined);
    for (const id of created) await snapshotReadiness(c.tx, c.organizationId!, id, c.now.toISOString().slice(0, 10));
  },
};
