import { describe, expect, it } from "vitest";
import { newId, UUID_PATTERN } from "./id.ts";

describe("newId", () => {
  it("is a version 7 UUID, strictly increasing within a process even many per millisecond", () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    for (const id of ids) expect(id).toMatch(UUID_PATTERN);
    expect(ids.every((id) => id[14] === "7" && "89ab".includes(id[19]!))).toBe(true);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });

  it("keeps the moment it is given", () => {
    const at = Date.parse("2027-01-01T00:00:00Z");
    const id = newId(at);
    expect(Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(at);
  });
});
