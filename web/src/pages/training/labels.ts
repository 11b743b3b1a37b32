import { TRAINING_STATUS_LABELS, type TrainingStatus } from "../../../../src/core/training.ts";

export { TRAINING_STATUS_LABELS };
export const TRAINING_STATUS_COLORS: Record<TrainingStatus, string> = {
  complete: "teal",
  due: "blue",
  overdue: "red",
  expired: "orange",
};
export const CHECK_COLORS = { met: "teal", not_met: "yellow", lapsed: "red" } as const;
export const CHECK_LABELS = { met: "Met", not_met: "Not met", lapsed: "Lapsed" } as const;
export const EXTERNAL_COLORS = { pending: "yellow", accepted: "teal", rejected: "red" } as const;

export const today = () => new Date().toISOString().slice(0, 10);
export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
