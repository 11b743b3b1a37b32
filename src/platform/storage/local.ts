import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkKey, ObjectNotFoundError, type ObjectStore } from "./objects.ts";

/** Objects as files under one folder (by default ASSAY_DATA_DIR/evidence). */
export function localObjectStore(root: string): ObjectStore {
  const fileOf = (key: string) => path.join(root, ...checkKey(key).split("/"));

  return {
    driver: "local",

    async write(key, body) {
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      try {
        // flush: fsync before close, so a blob the database points to survives a crash.
        await pipeline(body, fs.createWriteStream(file, { flags: "wx", mode: 0o600, flush: true }));
      } catch (err) {
        await fs.promises.rm(file, { force: true });
        throw err;
      }
    },

    async read(key) {
      const file = fileOf(key);
      try {
        await fs.promises.access(file, fs.constants.R_OK);
      } catch {
        throw new ObjectNotFoundError(key);
      }
      return fs.createReadStream(file, { highWaterMark: 256 * 1024 }) as Readable;
    },

    async exists(key) {
      try {
        await fs.promises.access(fileOf(key));
        return true;
      } catch {
        return false;
      }
    },

    async move(from, to) {
      const target = fileOf(to);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(fileOf(from), target);
    },

    async remove(key) {
      await fs.promises.rm(fileOf(key), { force: true });
    },

    async *list(prefix) {
      const dir = path.join(root, ...checkKey(prefix.replace(/\/$/, "")).split("/"));
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true, recursive: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (!e.isFile()) continue;
        const file = path.join(e.parentPath, e.name);
        const stat = await fs.promises.stat(file).catch(() => null);
        if (!stat) continue;
        yield { key: path.relative(root, file).split(path.sep).join("/"), modifiedAt: stat.mtime, size: stat.size };
      }
    },
  };
}
