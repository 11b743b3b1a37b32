/**
 * Publishing policies to a large audience on PGlite: 10,000 people × 25 policies. Publishing a major version creates
 * one acceptance request per person (250,000 rows through the publish command: the change, its ledger entry and the
 * control refresh included); the tracking dashboard (the policies list with every policy's acceptance share) and
 * one policy's tracking page are then read over those rows. Baselines in the same run: a plain multi-row INSERT of
 * the same 250,000 rows into a table of the same shape, and a plain grouped count over them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { loadContent } from "../src/content/index.ts";
import { systemActor } from "../src/core/actor.ts";
import { newId } from "../src/core/id.ts";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { people, policyVersions } from "../src/db/schema/index.ts";
import { change } from "../src/kernel/change.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import "../src/modules/manifests.ts";
import { adoptTemplates, publishVersion } from "../src/modules/policies/commands.ts";
import { listPolicies, tracking } from "../src/modules/policies/queries.ts";
import { loadConfig } from "../src/platform/config.ts";
import { seedOrg, seedUser } from "../test/seed.ts";
import { type BenchResult, printResult } from "./lib.ts";

const PEOPLE = Number(process.env.BENCH_POLICY_PEOPLE ?? 10_000);
const POLICIES = 25;
const CHUNK = 2000;

const ms = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now();
  const out = await work();
  return [performance.now() - t, out];
};

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-policies-"));
  const database = await openDatabase({ dataDir });
  loadKeysFor(database.db, loadConfig({ ASSAY_DATA_DIR: dataDir } as NodeJS.ProcessEnv));
  const db = database.db;
  try {
    await migrate(database);
    const org = await seedOrg(db, "Bench Org");
    const owner = await seedUser(db, org.id, "owner");
    const ids: string[] = [];
    for (let i = 0; i < PEOPLE; i += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, PEOPLE - i) }, (_, j) => ({
        id: newId(),
        organizationId: org.id,
        email: `person-${i + j}@bench.test`,
        fullName: `Person ${i + j}`,
        department: ["Engineering", "Sales", "Support", "Finance"][(i + j) % 4],
      }));
      await db.insert(people).values(rows);
      ids.push(...rows.map((r) => r.id));
    }
    const actor = {
      kind: "user" as const,
      userId: owner.id,
      email: owner.email,
      name: owner.name,
      organizationId: org.id,
      role: "owner" as const,
    };
    const templateIds = loadContent()
      .policies.slice(0, POLICIES)
      .map((p) => p.id);
    const adopted = await change(db, actor, (c) =>
      adoptTemplates(c, { templateIds, ownerUserId: owner.id, reviewCadenceMonths: 12 }),
    );
    // Review is not what is measured: the versions are approved directly.
    await db
      .update(policyVersions)
      .set({ status: "approved", approvedAt: new Date() })
      .where(
        inArray(
          policyVersions.policyId,
          adopted.map((p) => p.id),
        ),
      );
    const versions = await db.select().from(policyVersions).where(eq(policyVersions.organizationId, org.id));

    let requested = 0;
    const [publishMs] = await ms(async () => {
      for (const p of adopted) {
        const v = versions.find((x) => x.policyId === p.id)!;
        const out = await change(db, systemActor(org.id), (c) => publishVersion(c, p.id, v.id, {}));
        requested += out.requested;
      }
    });

    // Baseline: the same rows, plain INSERTs of the same chunk size into a table of the same shape.
    await db.execute(sql`CREATE TABLE bench_acks (LIKE policy_acknowledgements INCLUDING ALL)`);
    const today = new Date().toISOString().slice(0, 10);
    const [insertMs] = await ms(async () => {
      for (const v of versions)
        for (let i = 0; i < ids.length; i += CHUNK) {
          const values = ids
            .slice(i, i + CHUNK)
            .map((personId) => sql`(${newId()}, ${org.id}, ${v.policyId}, ${v.id}, ${personId}, now(), ${today})`);
          await db.execute(
            sql`INSERT INTO bench_acks (id, organization_id, policy_id, version_id, person_id, requested_at, due_date) VALUES ${sql.join(values, sql`, `)}`,
          );
        }
    });

    // The dashboard and one policy's tracking page, warm, median of a few runs.
    const median = async (work: () => Promise<unknown>, runs = 5) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push((await ms(work))[0]);
      return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
    };
    const dashboardMs = await median(() => listPolicies(db, org.id));
    const trackingMs = await median(() =>
      tracking(db, org.id, adopted[0]!.id, { state: "outstanding", page: 1, pageSize: 25 }),
    );
    const countMs = await median(() =>
      db.execute(sql`SELECT policy_id, count(*), count(accepted_at) FROM bench_acks GROUP BY policy_id`),
    );
    const rows = requested;
    return [
      {
        bench: `Policies: publish ${POLICIES} major versions to ${PEOPLE.toLocaleString("en-US")} people (PGlite)`,
        figures: [
          { name: "acceptance requests created", value: rows, unit: "rows" },
          { name: "publish time", value: publishMs, unit: "ms" },
          { name: "publish throughput", value: rows / (publishMs / 1000), unit: "rows/s" },
        ],
        baseline: {
          name: "plain INSERT of the same rows",
          value: rows / (insertMs / 1000),
          unit: `rows/s (${Math.round(insertMs)} ms)`,
        },
        ratio: {
          value: rows / (publishMs / 1000) / (rows / (insertMs / 1000)),
          meaning: "publish throughput / plain INSERT throughput (1 = no overhead beyond the insert)",
        },
      },
      {
        bench: `Policies: tracking dashboard over ${rows.toLocaleString("en-US")} requests (PGlite)`,
        figures: [
          { name: "policies list with acceptance shares", value: dashboardMs, unit: "ms", target: "< 500 ms" },
          { name: "one policy's outstanding people, page 1", value: trackingMs, unit: "ms", target: "< 200 ms" },
        ],
        baseline: { name: "plain grouped count over the baseline table", value: countMs, unit: "ms" },
        ratio: { value: dashboardMs / countMs, meaning: "dashboard time / plain grouped count time" },
      },
    ];
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) printResult(r);
