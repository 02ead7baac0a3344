// SolidStart 2 on Nitro 3: `vite build` writes .output/, whose server entry
// (Nitro's "node-middleware" preset) exports a Node handler, `middleware`; the
// tests serve it in process on 127.0.0.1. (Nitro 3.0.0's "standard" preset
// cannot build h3 2.0.8: its srvx alias swallows "srvx/body-limit".)
import { solidStart } from "@solidjs/start/config";
import { nitro } from "nitro/vite";
import { defineConfig } from "vite";

export default defineConfig({
  logLevel: "warn",
  plugins: [solidStart(), nitro({ config: { preset: "node-middleware" } })],
});
