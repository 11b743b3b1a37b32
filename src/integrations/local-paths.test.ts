import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allowedLocalPath, localPathPolicy } from "./local-paths.ts";
import { ConnectorError } from "./types.ts";

/** A data folder with a key in it, and an export folder the installation allows, holding a link into the data. */
const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "assay-paths-")));
const data = path.join(root, "data");
const exports = path.join(root, "exports");
fs.mkdirSync(path.join(data, "keys"), { recursive: true });
fs.mkdirSync(exports);
fs.writeFileSync(path.join(data, "keys", "encryption.key"), "secret");
fs.writeFileSync(path.join(exports, "people.csv"), "name,email\n");
fs.symlinkSync(path.join(data, "keys"), path.join(exports, "keys"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const answer = (policy: ReturnType<typeof localPathPolicy>, p: string) => {
  try {
    return allowedLocalPath(policy, p, "files");
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    return { error: (err as ConnectorError).message, guidance: (err as ConnectorError).guidance };
  }
};

describe("local paths", () => {
  it("reads none by default, and says which setting allows them", () => {
    const policy = localPathPolicy(undefined, [data]);
    expect(answer(policy, path.join(exports, "people.csv"))).toEqual({
      error: "This server does not read files from local paths.",
      guidance: expect.stringContaining("ASSAY_CONNECTOR_LOCAL_PATHS=/srv/exports"),
    });
  });

  it("never reads the data folder or the system folders, even with `any`, nor through a link", () => {
    const policy = localPathPolicy("any", [data]);
    expect(answer(policy, path.join(exports, "people.csv"))).toBe(path.join(exports, "people.csv"));
    const refused = answer(policy, path.join(data, "keys", "encryption.key"));
    expect(refused).toMatchObject({ error: expect.stringMatching(/^The path cannot be read/) });
    for (const p of [
      path.join(exports, "keys", "encryption.key"),
      path.join(exports, "missing.csv"),
      path.join(data, "keys", "missing.key"),
      "/proc/self/environ",
      "/sys/kernel/hostname",
      "/dev/zero",
    ])
      expect(answer(policy, p), p).toEqual(refused);
  });

  it("confines reading to the allowed folders, and answers alike for existing and missing paths outside them", () => {
    const policy = localPathPolicy(exports, [data]);
    expect(answer(policy, path.join(exports, "people.csv"))).toBe(path.join(exports, "people.csv"));
    const outside = answer(policy, "/etc/hostname");
    expect(outside).toMatchObject({ error: expect.stringMatching(/^The path cannot be read/) });
    expect(answer(policy, "/etc/no-such-file")).toEqual(outside);
    expect(answer(policy, path.join(exports, "keys", "encryption.key"))).toEqual(outside);
    expect(answer(policy, `${exports}-other/people.csv`)).toEqual(outside);
  });

  it("accepts an allowed folder given through a link, as written and as resolved", () => {
    const linked = path.join(root, "linked-exports");
    fs.symlinkSync(exports, linked);
    const policy = localPathPolicy(linked, [data]);
    expect(answer(policy, path.join(linked, "people.csv"))).toBe(path.join(exports, "people.csv"));
    expect(answer(policy, path.join(exports, "people.csv"))).toBe(path.join(exports, "people.csv"));
    expect(answer(policy, path.join(linked, "keys", "encryption.key"))).toMatchObject({
      error: expect.stringMatching(/^The path cannot be read/),
    });
  });
});
