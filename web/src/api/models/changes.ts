/** The change register, as the API answers it (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type ChangeRecord = ItemOf<ResponseOf<"/api/v1/changes">>;
export type ChangePopulation = ResponseOf<"/api/v1/changes/population">;
export type ChangeSource = ItemOf<ResponseOf<"/api/v1/changes/sources">>;
