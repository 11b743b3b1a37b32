import http from "node:http";
import type { AddressInfo } from "node:net";

/** A real local HTTP receiver for webhook messages; `status` decides what it answers (changeable mid-test). */
export async function startWebhookReceiver(status = 200) {
  const received: { path: string; contentType: string; body: unknown }[] = [];
  const state = { status };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        contentType: String(req.headers["content-type"] ?? ""),
        body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "null"),
      });
      res.writeHead(state.status, { "content-type": "text/plain" });
      res.end(state.status < 300 ? "ok" : "internal_error");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    /** A Slack-like URL whose path is the secret part. */
    url: `http://127.0.0.1:${port}/services/T0001/B0001/s3cr3t-path-token`,
    host: `127.0.0.1:${port}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
