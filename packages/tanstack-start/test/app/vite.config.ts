// The TanStack Start app the binding's tests build (vite build, Start's own
// server: dist/server/server.js exports its fetch handler), served in process
// on 127.0.0.1.
import { tanstackStart } from "@tanstack/react-start/plugin/vite";
import viteReact from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  logLevel: "warn",
  plugins: [tanstackStart(), viteReact()],
});
