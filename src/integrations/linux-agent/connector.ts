/**
 * The Linux endpoint agent (docs/agent.md). A push connector: machines report their own posture to
 * `POST /api/v1/agent/report`, so nothing is collected on a schedule and no sync ever marks a device missing —
 * a device leaves only when it is revoked.
 */
import { z } from "zod";
import type { Connector } from "../types.ts";
import { LINUX_AGENT_TESTS } from "./tests.ts";

export const LINUX_AGENT = "linux_agent";

export const linuxAgentConnector: Connector<Record<string, never>, Record<string, never>> = {
  type: LINUX_AGENT,
  title: "Linux endpoint agent",
  description:
    "Linux laptops and servers report disk encryption, firewall, automatic updates, SSH settings, OS support and screen lock with `assay agent report`.",
  category: "endpoint",
  push: true,
  configSchema: z.strictObject({}),
  secretSchema: z.strictObject({}),
  resourceTypes: ["device"],
  async testConnection() {
    return {
      ok: true,
      message:
        "Nothing to reach: devices report to this server. Create an enrollment token on the Devices page and run `assay agent enroll` on each machine.",
    };
  },
  async *collect() {
    // Push-based: devices send their facts themselves.
  },
  tests: LINUX_AGENT_TESTS,
};
