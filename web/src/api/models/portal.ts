/** The employee portal, as the API answers it (generated types). */
import type { ResponseOf } from "../types.ts";

export type Portal = ResponseOf<"/api/v1/portal">;
export type PortalTask = Portal["tasks"][number];
