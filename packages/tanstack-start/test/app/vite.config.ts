// The TanStack Start app the binding's tests build (vite build), its Nitro
// server on the node-listener preset, served in process on 127.0.0.1.
import { tanstackStart } from "@tanstack/react-start/plugin/vite";
import { defineConfig } from "vite";

export default defineConfig({
  logLevel: "warn",
  plugins: [tanstackStart({ target: "node-listener" })],
});
