/** Endpoint devices and agent enrollment, as the API answers them (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type DeviceSummary = ItemOf<ResponseOf<"/api/v1/devices">>;
export type DeviceDetail = ResponseOf<"/api/v1/devices/{id}">;
export type DeviceCheck = DeviceDetail["results"][number];
export type CheckStatus = NonNullable<DeviceCheck["status"]>;
export type CreatedEnrollmentToken = ResponseOf<"/api/v1/agent/enrollment-tokens", "post">;
