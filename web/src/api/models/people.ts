/** The people directory and its routines, as the API answers them (generated types). */
import type { BodyOf, ItemOf, ResponseOf } from "../types.ts";

export type Person = ItemOf<ResponseOf<"/api/v1/people">>;
export type PersonInput = BodyOf<"/api/v1/people", "post">;
export type PersonRoutines = ResponseOf<"/api/v1/people/{id}/routines">;
export type ChecklistStep = PersonRoutines["checklists"][number];
export type BackgroundCheck = PersonRoutines["backgroundChecks"][number];
export type ImportPreview = ResponseOf<"/api/v1/people/import/preview", "post">;
export type SyncPreview = ResponseOf<"/api/v1/people/sync/{connectionId}/preview", "post">;
export type PeopleDashboard = ResponseOf<"/api/v1/people/dashboard">;
export type PeopleSettings = ResponseOf<"/api/v1/people/settings">;
export type ChecklistTemplate = PeopleSettings["templates"][number];
export type MyStep = ItemOf<ResponseOf<"/api/v1/people/my-steps">>;
