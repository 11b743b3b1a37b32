/** The incident register, as the API answers it (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type IncidentSummary = ItemOf<ResponseOf<"/api/v1/incidents">>;
export type Incident = ResponseOf<"/api/v1/incidents/{id}">;
export type TabletopExercise = ItemOf<ResponseOf<"/api/v1/incidents/tabletops">>;
