import { definePolicy } from "../../core/roles.ts";

export const policy = definePolicy({});
