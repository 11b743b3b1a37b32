/** Security awareness training: quiz attempts, completions, external training and its decisions, settings. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const entity = (entityType: string) => (p: Recorded) => ({
  entityType,
  entityId: p.id,
  before: p.before,
  after: p.after,
});

/** A person submitted the quiz (after: the person, score, pass mark and whether it passed; answers stay in the row). */
export const trainingAttemptSubmitted = defineEvent<Recorded>()("training.attempt_submitted", {
  ledger: entity("training_attempt"),
});
/** A person completed a course (passed the quiz, or external training accepted): valid for twelve months. */
export const trainingCompleted = defineEvent<Recorded>()("training.completed", {
  ledger: entity("training_completion"),
});
/** External training recorded with its certificate (SHA-256 and size, never the content), waiting for a decision. */
export const trainingExternalRecorded = defineEvent<Recorded>()("training.external_recorded", {
  ledger: entity("training_external"),
});
/** An admin accepted (a completion follows) or rejected external training, with a note. */
export const trainingExternalDecided = defineEvent<Recorded>()("training.external_decided", {
  ledger: entity("training_external"),
});
/** The organization's training settings changed (only the fields that changed). */
export const trainingSettingsChanged = defineEvent<Recorded>()("training.settings_changed", {
  ledger: entity("training_settings"),
});
