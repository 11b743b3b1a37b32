/** Security awareness training, as the API answers it (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type MyTraining = ResponseOf<"/api/v1/training/me">;
export type TrainingCourse = ResponseOf<"/api/v1/training/course">;
export type AttemptResult = ResponseOf<"/api/v1/training/attempts", "post">;
export type TrainingOverview = ResponseOf<"/api/v1/training/overview">;
export type TrainingPerson = ItemOf<ResponseOf<"/api/v1/training/people">>;
export type ExternalTraining = ItemOf<ResponseOf<"/api/v1/training/external">>;
export type TrainingSettings = ResponseOf<"/api/v1/training/settings">;
