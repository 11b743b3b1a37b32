/** The built-in policy templates, as the API answers them (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type PolicyTemplateSummary = ItemOf<ResponseOf<"/api/v1/content/policies">>;
export type PolicyTemplate = ResponseOf<"/api/v1/content/policies/{id}">;
