import { randomBytes } from "node:crypto";

let lastMs = 0;
let counter = 0;

/**
 * UUID v7: time-ordered, generated in the application so SQL stays PostgreSQL 15-compatible. Ids made by one process
 * are strictly increasing even within a millisecond (RFC 9562 method 1: a 12-bit counter in `rand_a`, seeded
 * randomly each millisecond), so "oldest first, then by id" never depends on chance — PGlite's clock has only
 * millisecond resolution, and rows written in one millisecond tie on their timestamps.
 */
export function newId(at?: number): string {
  // An id for a given moment (one that records when something happened) keeps that time, unordered within it.
  if (at !== undefined) return format(at, randomBytes(2).readUInt16BE(0) & 0xfff);
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = randomBytes(2).readUInt16BE(0) & 0x7ff; // top bit clear: room for 2,048 more ids in this millisecond
  } else if (++counter > 0xfff) {
    lastMs += 1; // borrow the next millisecond rather than repeat or reorder
    counter = 0;
  }
  return format(lastMs, counter);
}

function format(ms: number, seq: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
