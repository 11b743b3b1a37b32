import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Run from the repository root (`vite build --config web/vite.config.ts`); everything is relative to web/.
const root = decodeURIComponent(new URL(".", import.meta.url).pathname);
const backend = `http://127.0.0.1:${globalThis.process?.env.PORT ?? "3000"}`;

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": backend,
      "/healthz": backend,
      "/readyz": backend,
    },
  },
});
