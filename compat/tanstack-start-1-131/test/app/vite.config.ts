// The TanStack Start 1.131 app (vite build), its Nitro server on the
// node-listener preset, served in process on 127.0.0.1. The binding is
// imported by its package name: dedupe resolves Start, the router and React
// from this app, not from the binding's own folder (where a newer Start is).
import { tanstackStart } from "@tanstack/react-start/plugin/vite";
import { defineConfig } from "vite";

export default defineConfig({
  logLevel: "warn",
  resolve: { dedupe: ["@tanstack/react-start", "@tanstack/react-router", "react", "react-dom"] },
  plugins: [tanstackStart({ target: "node-listener" })],
});
