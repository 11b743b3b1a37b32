import { describe, expect, it } from "vitest";
import {
  exerciseCheck,
  hoursLeft,
  type IncidentStatus,
  lastStamp,
  nextStatuses,
  notificationCheck,
  obligationDeadline,
  obligationState,
  planTransition,
  postmortemCheck,
  recordsCheck,
  type TransitionSubject,
  timelineTimeProblem,
  timesOutOfOrder,
} from "./incidents.ts";

const T0 = new Date("2027-03-01T10:00:00Z");
const h = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const incident = (over: Partial<TransitionSubject> = {}): TransitionSubject => ({
  status: "detected",
  detectedAt: T0,
  triagedAt: null,
  containedAt: null,
  resolvedAt: null,
  postmortemAt: null,
  closedAt: null,
  rootCause: "",
  lessonsLearned: "",
  ...over,
});
const NOW = h(100);

describe("incident lifecycle", () => {
  it("lists the later states, and 'not an incident' only early on", () => {
    expect(nextStatuses("detected")).toEqual(["triaged", "contained", "resolved", "postmortem_done", "not_incident"]);
    expect(nextStatuses("triaged")).toEqual(["contained", "resolved", "postmortem_done", "not_incident"]);
    expect(nextStatuses("contained")).toEqual(["resolved", "postmortem_done"]);
    expect(nextStatuses("resolved")).toEqual(["postmortem_done"]);
    expect(nextStatuses("postmortem_done")).toEqual([]);
    expect(nextStatuses("not_incident")).toEqual([]);
  });

  it("stamps the time of each move", () => {
    expect(planTransition(incident(), "triaged", h(1), NOW)).toEqual({
      ok: true,
      stamps: { triagedAt: h(1) },
      skipped: [],
    });
    expect(planTransition(incident({ status: "triaged", triagedAt: h(1) }), "not_incident", h(2), NOW)).toEqual({
      ok: true,
      stamps: { closedAt: h(2) },
      skipped: [],
    });
  });

  it("allows skipping forward and records the states skipped", () => {
    const plan = planTransition(incident(), "resolved", h(5), NOW);
    expect(plan).toEqual({ ok: true, stamps: { resolvedAt: h(5) }, skipped: ["triaged", "contained"] });
  });

  it("refuses to move backwards, with a sentence that says what to do", () => {
    const plan = planTransition(
      incident({ status: "contained", triagedAt: h(1), containedAt: h(2) }),
      "triaged",
      h(3),
      NOW,
    );
    expect(plan).toMatchObject({ ok: false, code: "transition_backwards" });
    expect(!plan.ok && plan.message).toMatch(/already contained: it cannot go back to triaged/);
  });

  it("refuses the same state, closed incidents and late 'not an incident'", () => {
    expect(planTransition(incident(), "detected", h(1), NOW)).toMatchObject({ ok: false, code: "already_in_status" });
    for (const status of ["postmortem_done", "not_incident"] as IncidentStatus[])
      expect(planTransition(incident({ status }), "resolved", h(1), NOW)).toMatchObject({
        ok: false,
        code: "incident_closed",
      });
    expect(
      planTransition(incident({ status: "contained", containedAt: h(1) }), "not_incident", h(2), NOW),
    ).toMatchObject({ ok: false, code: "transition_refused" });
  });

  it("needs root cause and lessons learned before the post-mortem is done", () => {
    const resolved = incident({ status: "resolved", resolvedAt: h(4) });
    const plan = planTransition(resolved, "postmortem_done", h(5), NOW);
    expect(plan).toMatchObject({ ok: false, code: "postmortem_incomplete" });
    expect(!plan.ok && plan.message).toBe(
      "Write the root cause and the lessons learned before marking the post-mortem done.",
    );
    expect(
      planTransition({ ...resolved, rootCause: "x", lessonsLearned: "  " }, "postmortem_done", h(5), NOW),
    ).toMatchObject({
      ok: false,
      code: "postmortem_incomplete",
    });
    expect(
      planTransition({ ...resolved, rootCause: "x", lessonsLearned: "y" }, "postmortem_done", h(5), NOW),
    ).toMatchObject({
      ok: true,
    });
  });

  it("refuses a time before the last stamp or in the future", () => {
    const triaged = incident({ status: "triaged", triagedAt: h(3) });
    expect(planTransition(triaged, "contained", h(2), NOW)).toMatchObject({ ok: false, code: "times_out_of_order" });
    expect(planTransition(incident(), "triaged", h(-1), NOW)).toMatchObject({ ok: false, code: "times_out_of_order" });
    expect(planTransition(triaged, "contained", h(3), NOW)).toMatchObject({ ok: true });
    expect(planTransition(triaged, "contained", h(101), NOW)).toMatchObject({ ok: false, code: "time_in_future" });
    // A few minutes of clock skew pass.
    expect(planTransition(triaged, "contained", new Date(NOW.getTime() + 60_000), NOW)).toMatchObject({ ok: true });
  });

  it("finds the latest stamp and times out of order", () => {
    expect(lastStamp(incident({ triagedAt: h(1), containedAt: h(2) }))).toEqual({ status: "contained", at: h(2) });
    expect(timesOutOfOrder({ detectedAt: T0, triagedAt: h(1), containedAt: h(2), resolvedAt: h(3) })).toBeNull();
    expect(timesOutOfOrder({ detectedAt: T0, containedAt: h(-1) })).toMatch(/contained at .* before it was detected/);
    expect(timesOutOfOrder({ detectedAt: T0, triagedAt: h(5), resolvedAt: h(4) })).toMatch(
      /resolved .* before it was triaged/,
    );
    expect(timesOutOfOrder({ detectedAt: T0, closedAt: h(-2) })).toMatch(/closed .* before it was detected/);
  });

  it("keeps timeline entries within the incident's life", () => {
    expect(timelineTimeProblem(T0, h(1), NOW)).toBeNull();
    expect(timelineTimeProblem(T0, h(-1), NOW)).toMatch(/before the incident was detected/);
    expect(timelineTimeProblem(T0, h(200), NOW)).toMatch(/in the future/);
  });
});

describe("notification deadlines", () => {
  it("counts hours from detection", () => {
    expect(obligationDeadline(T0, 72)).toEqual(new Date("2027-03-04T10:00:00Z"));
    expect(obligationDeadline(new Date("2027-03-27T23:30:00Z"), 24)).toEqual(new Date("2027-03-28T23:30:00Z"));
  });

  it("says pending, due soon, overdue, notified and notified late", () => {
    const deadlineAt = obligationDeadline(T0, 72);
    expect(obligationState({ deadlineAt, notifiedAt: null }, h(10))).toBe("pending");
    expect(obligationState({ deadlineAt, notifiedAt: null }, h(48))).toBe("due_soon");
    expect(obligationState({ deadlineAt, notifiedAt: null }, h(72))).toBe("due_soon");
    expect(obligationState({ deadlineAt, notifiedAt: null }, h(72.01))).toBe("overdue");
    expect(obligationState({ deadlineAt, notifiedAt: h(70) }, h(200))).toBe("notified");
    expect(obligationState({ deadlineAt, notifiedAt: h(80) }, h(200))).toBe("notified_late");
    expect(hoursLeft(deadlineAt, h(10))).toBe(62);
    expect(hoursLeft(deadlineAt, h(73.5))).toBe(-2);
  });
});

describe("control checks", () => {
  const base = {
    title: "Leaked key",
    status: "triaged" as IncidentStatus,
    severity: "sev2" as const,
    ownerUserId: "u1",
    timelineEntries: 2,
    detectedAt: T0,
  };

  it("INC-04: complete records, nothing left untriaged for a day; says nothing without incidents", () => {
    expect(recordsCheck([], NOW)).toBeNull();
    expect(recordsCheck([{ ...base, status: "not_incident", ownerUserId: null }], NOW)).toBeNull();
    expect(recordsCheck([base], NOW)).toMatchObject({ state: "met" });
    expect(recordsCheck([{ ...base, ownerUserId: null }], NOW)).toMatchObject({ state: "not_met" });
    expect(recordsCheck([{ ...base, timelineEntries: 0 }], NOW)?.reason).toMatch(
      /lacks a severity, an owner or a timeline/,
    );
    expect(recordsCheck([{ ...base, status: "detected" }], h(23))).toMatchObject({ state: "met" });
    expect(recordsCheck([{ ...base, status: "detected" }], h(25))?.reason).toMatch(/more than 24 hours to be triaged/);
  });

  it("INC-08: sev1/sev2 post-mortems within 30 days of resolution", () => {
    const day = 86_400_000;
    const resolved = { title: "Outage", severity: "sev1" as const, resolvedAt: T0, postmortemAt: null };
    expect(postmortemCheck([{ ...resolved, severity: "sev3" }], NOW)).toBeNull();
    expect(postmortemCheck([resolved], new Date(T0.getTime() + 29 * day))).toMatchObject({ state: "met" });
    expect(postmortemCheck([resolved], new Date(T0.getTime() + 31 * day))).toMatchObject({ state: "not_met" });
    expect(
      postmortemCheck(
        [{ ...resolved, postmortemAt: new Date(T0.getTime() + 10 * day) }],
        new Date(T0.getTime() + 90 * day),
      ),
    ).toMatchObject({ state: "met" });
    expect(
      postmortemCheck(
        [{ ...resolved, postmortemAt: new Date(T0.getTime() + 40 * day) }],
        new Date(T0.getTime() + 90 * day),
      ),
    ).toMatchObject({ state: "not_met" });
  });

  it("INC-09: an exercise or a post-mortem in the last 12 months", () => {
    const now = new Date("2027-06-01T00:00:00Z");
    expect(exerciseCheck(null, null, now)).toBeNull();
    expect(exerciseCheck(new Date("2026-07-01T00:00:00Z"), null, now)).toMatchObject({ state: "met" });
    expect(exerciseCheck(null, new Date("2027-01-01T00:00:00Z"), now)?.reason).toMatch(
      /incident post-mortem on 2027-01-01/,
    );
    expect(exerciseCheck(new Date("2026-05-01T00:00:00Z"), null, now)).toMatchObject({ state: "lapsed" });
  });

  it("INC-06: no obligation overdue", () => {
    const o = { incident: "Leaked key", audience: "regulator" as const, deadlineAt: h(72), notifiedAt: null };
    expect(notificationCheck([], NOW)).toBeNull();
    expect(notificationCheck([o], h(10))).toMatchObject({ state: "met" });
    expect(notificationCheck([o], h(80))?.reason).toMatch(/regulator for “Leaked key”/);
    expect(notificationCheck([{ ...o, notifiedAt: h(90) }], h(100))).toMatchObject({ state: "met" });
  });
});
