/**
 * (c) A 1 GB evidence upload streamed through the API (multipart → SHA-256 → AES-256-GCM chunks → local storage),
 * then downloaded again (decrypt → HTTP), with the process's RSS sampled throughout — against a baseline of piping
 * the same generated stream to /dev/null in the same run. The body is generated as a stream and never held.
 * Client and server share this process (and its one JavaScript thread): RSS figures are an upper bound for the
 * server alone, throughput a lower bound. BENCH_EVIDENCE_MB sets the size (default 1024).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pino from "pino";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import { createSession, SESSION_COOKIE } from "../src/modules/auth/sessions.ts";
import { loadConfig } from "../src/platform/config.ts";
import { buildApp } from "../src/server/app.ts";
import { seedOrg, seedUser } from "../test/seed.ts";
import { type BenchResult, printResult } from "./lib.ts";

const MB = 1024 * 1024;
const TOTAL = Number(process.env.BENCH_EVIDENCE_MB ?? 1024) * MB;
const PIECE = 64 * 1024;
const POOL = randomBytes(4 * MB);

/** `total` bytes of random-looking content, generated piece by piece. */
function* content(total: number) {
  for (let sent = 0, i = 0; sent < total; i++) {
    const n = Math.min(PIECE, total - sent);
    const offset = (i * PIECE * 7) % (POOL.length - PIECE);
    yield POOL.subarray(offset, offset + n);
    sent += n;
  }
}

/**
 * Samples memory every 10 ms while `fn` runs: RSS (before, peak), and the peak of Buffer memory (arrayBuffers:
 * where file bytes would pile up if anything buffered them; RSS alone can hide that inside an already-grown heap).
 */
async function measured(fn: () => Promise<void>) {
  const before = process.memoryUsage.rss();
  const buffersBefore = process.memoryUsage().arrayBuffers;
  let peak = before;
  let buffersPeak = buffersBefore;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    buffersPeak = Math.max(buffersPeak, m.arrayBuffers);
  }, 10);
  const start = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - start) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, before, peak, buffers: buffersPeak - buffersBefore };
}

async function uploadOnce(address: string, auth: Record<string, string>) {
  const boundary = `----assaybench${randomBytes(6).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBench upload\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let response = "";
  let status = 0;
  const req = http.request(`${address}/api/v1/evidence`, {
    method: "POST",
    headers: {
      ...auth,
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": String(head.length + TOTAL + tail.length),
    },
  });
  const answered = new Promise<void>((resolve, reject) => {
    req.on("response", (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding("utf8");
      res.on("data", (d) => {
        response += d;
      });
      res.on("end", resolve);
    });
    req.on("error", reject);
  });
  const body = function* () {
    yield head;
    yield* content(TOTAL);
    yield tail;
  };
  await pipeline(Readable.from(body()), req);
  await answered;
  if (status !== 201) throw new Error(`upload answered ${status}: ${response.slice(0, 300)}`);
  return JSON.parse(response).items[0] as { id: string; file: { size: number; sha256: string } };
}

export async function run(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-evidence-"));
  const config = loadConfig({
    ASSAY_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ASSAY_EVIDENCE_MAX_BYTES: String(TOTAL + MB),
  } as NodeJS.ProcessEnv);
  const database = await openDatabase({ dataDir });
  await migrate(database);
  const ctx = {
    config,
    database,
    db: database.db,
    keys: loadKeysFor(database.db, config),
    mailer: { send: async () => {} },
    log: pino({ level: "silent" }),
  };
  const org = await seedOrg(database.db, "Bench Org");
  const owner = await seedUser(database.db, org.id, "owner");
  const session = await createSession(database.db, { userId: owner.id, organizationId: org.id, stage: "active" });
  const app = await buildApp(ctx, { logger: false });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const auth = { cookie: `${SESSION_COOKIE}=${session.token}`, "x-csrf-token": session.csrfToken };

  try {
    // Baseline: the same generated stream, piped to /dev/null.
    const baseline = await measured(() => pipeline(Readable.from(content(TOTAL)), fs.createWriteStream("/dev/null")));

    let item: { id: string; file: { size: number } } | undefined;
    const upload = await measured(async () => {
      item = await uploadOnce(address, auth);
    });
    if (item!.file.size !== TOTAL) throw new Error(`stored ${item!.file.size} bytes, sent ${TOTAL}`);

    let received = 0;
    const download = await measured(async () => {
      // node:http rather than fetch: undici's web streams buffer ahead on the client side of this shared process.
      const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get(`${address}/api/v1/evidence/${item!.id}/content`, { headers: auth }, resolve).on("error", reject),
      );
      if (res.statusCode !== 200) throw new Error(`download answered ${res.statusCode}`);
      await pipeline(
        res,
        new Writable({
          write(chunk: Buffer, _e, done) {
            received += chunk.length;
            done();
          },
        }),
      );
    });
    if (received !== TOTAL) throw new Error(`downloaded ${received} bytes of ${TOTAL}`);

    const mbps = (s: number) => TOTAL / MB / s;
    const peak = Math.max(upload.peak, download.peak);
    const growth = (peak - upload.before) / MB;
    return {
      bench: `Evidence: ${TOTAL / MB} MB upload streamed through the API (multipart, SHA-256, AES-256-GCM, local storage; PGlite)`,
      figures: [
        { name: "upload throughput", value: mbps(upload.seconds), unit: `MB/s (${upload.seconds.toFixed(1)} s)` },
        { name: "download throughput (decrypt, verify, send)", value: mbps(download.seconds), unit: "MB/s" },
        { name: "RSS growth, upload and download", value: growth, unit: "MB", target: "< 200 MB" },
        {
          name: "peak Buffer memory above rest (incl. not yet collected), upload / download",
          value: upload.buffers / MB,
          unit: `MB / ${(download.buffers / MB).toFixed(1)} MB`,
        },
        { name: "process RSS at rest before the upload", value: upload.before / MB, unit: "MB" },
        { name: "process peak RSS", value: peak / MB, unit: "MB" },
      ],
      baseline: {
        name: "same generated stream piped to /dev/null",
        value: mbps(baseline.seconds),
        unit: `MB/s (RSS growth ${((baseline.peak - baseline.before) / MB).toFixed(1)} MB)`,
      },
      ratio: {
        value: mbps(upload.seconds) / mbps(baseline.seconds),
        meaning: "upload throughput / baseline throughput",
      },
      notes: [
        `the ${TOTAL / MB} MB went through with ${growth.toFixed(1)} MB of RSS growth: ${growth < 200 ? "target met" : "target missed"}`,
        "the RSS at rest is the server before any upload (module loading and the embedded PGlite), not the upload",
        "client and server share one process and thread here, so the throughput is a lower bound",
      ],
    };
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printResult(await run());
