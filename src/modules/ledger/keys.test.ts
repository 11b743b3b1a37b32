/** Key rotation and the upgrade to signed entries, on a real database. */

import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { seedOrg } from "../../../test/seed.ts";
import { asSuperuser } from "../../../test/superuser.ts";
import { systemActor } from "../../core/actor.ts";
import { ledgerEntries } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { appendLedger } from "../../ledger/append.ts";
import { loadKeysFor } from "../../ledger/keys.ts";
import { verifyOrganizationLedger } from "../../ledger/verify.ts";
import { loadConfig } from "../../platform/config.ts";
import { checkpointNow } from "./checkpoints.ts";
import { KEYED_MIGRATION, sealLegacyChains } from "./legacy.ts";

const { ctx } = withTestApp();
const quiet = pino({ level: "silent" });

async function appendSome(orgId: string, n: number) {
  for (let i = 0; i < n; i++)
    await change(ctx.db, systemActor(orgId, "test"), (c) =>
      appendLedger(c.tx, c.actor, { action: "widget.updated", entityType: "widget", after: { i } }),
    );
}

const newPem = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

/** Keys for the same data folder with another signing key; `retired` public keys go into the retired-keys folder. */
function rotatedKeys(signingPem: string, retiredDir: string) {
  const config = loadConfig(
    { ...process.env, ASSAY_DATA_DIR: ctx.config.dataDir, LOG_LEVEL: "silent" },
    {
      ASSAY_LEDGER_SIGNING_KEY: signingPem,
      ASSAY_LEDGER_RETIRED_KEYS_DIR: retiredDir,
    },
  );
  return loadKeysFor(ctx.db, config);
}

describe("rotating the ledger key", () => {
  it("signs new entries with the new key while retired keys still verify old entries and checkpoints", async () => {
    const original = ctx.keys;
    const org = await seedOrg(ctx.db);
    await appendSome(org.id, 3);
    await checkpointNow(ctx.db, original, org.id);
    const retiredDir = fs.mkdtempSync(path.join(ctx.config.dataDir, "retired-"));
    fs.writeFileSync(path.join(retiredDir, "2026-key.pem"), original.publicKeyPem);
    try {
      const rotated = rotatedKeys(newPem(), retiredDir);
      expect(rotated.keyId).not.toBe(original.keyId);
      expect([...rotated.publicKeys.keys()].sort()).toEqual([original.keyId, rotated.keyId].sort());
      await appendSome(org.id, 2);
      await checkpointNow(ctx.db, rotated, org.id);
      const rows = await ctx.db
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.organizationId, org.id))
        .orderBy(asc(ledgerEntries.seq));
      expect(rows.map((r) => r.keyId)).toEqual([...Array(3).fill(original.keyId), ...Array(2).fill(rotated.keyId)]);
      expect(await verifyOrganizationLedger(ctx.db, rotated, org.id)).toMatchObject({
        ok: true,
        entries: 5,
        checkpoints: 2,
      });
      // Without the retired key, the old entries cannot be told from forgeries: verification says which key is missing.
      const forgetful = rotatedKeys(newPem(), path.join(retiredDir, "none"));
      const r = await verifyOrganizationLedger(ctx.db, forgetful, org.id);
      expect(r.firstProblem).toMatchObject({ seq: 1, kind: "forged" });
      expect(r.firstProblem!.detail).toContain(`signed with key ${original.keyId}, which is neither`);
    } finally {
      loadKeysFor(ctx.db, ctx.config); // bind the test's own key again
    }
  });
});

describe("the upgrade to signed entries", () => {
  /** An organization whose entries look as they did before migration 0007: no key id, no signature. */
  async function legacyOrg(n: number) {
    const org = await seedOrg(ctx.db);
    await appendSome(org.id, n);
    await asSuperuser(
      ctx.db,
      sql`UPDATE ledger_entries SET key_id = NULL, signature = NULL WHERE organization_id = ${org.id}`,
    );
    return org.id;
  }

  it("seals each unsigned chain with a signed ledger.keyed entry, only when the migration just ran", async () => {
    const orgId = await legacyOrg(4);
    expect((await verifyOrganizationLedger(ctx.db, ctx.keys, orgId)).firstProblem).toMatchObject({
      seq: 1,
      kind: "forged",
    });
    // A later start (the migration already applied) never seals: that would vouch for whatever was slipped in.
    expect(await sealLegacyChains(ctx.db, ctx.keys, [], quiet)).toEqual({ sealed: 0, refused: 0 });
    const result = await sealLegacyChains(ctx.db, ctx.keys, [KEYED_MIGRATION], quiet);
    expect(result.sealed).toBeGreaterThanOrEqual(1);
    const rows = await ctx.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.organizationId, orgId))
      .orderBy(asc(ledgerEntries.seq));
    expect(rows.at(-1)).toMatchObject({ seq: 5, action: "ledger.keyed", keyId: ctx.keys.keyId });
    expect(JSON.parse(rows.at(-1)!.changes).after).toEqual({ unsignedThroughSeq: 4, unsignedHeadHash: rows[3]!.hash });
    await appendSome(orgId, 1);
    expect(await checkpointNow(ctx.db, ctx.keys, orgId)).toMatchObject({ seq: 6 });
    expect(await verifyOrganizationLedger(ctx.db, ctx.keys, orgId)).toMatchObject({ ok: true, entries: 6 });
  });

  it("does not seal a chain whose hash chain is already broken", async () => {
    const orgId = await legacyOrg(3);
    await asSuperuser(
      ctx.db,
      sql`UPDATE ledger_entries SET changes = '{}' WHERE organization_id = ${orgId} AND seq = 2`,
    );
    const errors: unknown[] = [];
    const log = { info: () => {}, error: (o: unknown) => errors.push(o) } as unknown as typeof quiet;
    expect((await sealLegacyChains(ctx.db, ctx.keys, [KEYED_MIGRATION], log)).refused).toBeGreaterThanOrEqual(1);
    expect(errors).toContainEqual(expect.objectContaining({ organizationId: orgId }));
    const rows = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.organizationId, orgId));
    expect(rows).toHaveLength(3);
  });
});
