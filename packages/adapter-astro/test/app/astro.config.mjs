// The Astro app the adapter's tests build: server output, @astrojs/node in
// middleware mode (its `handler` is served by the tests on 127.0.0.1).
import node from "@astrojs/node";
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "server",
  adapter: node({ mode: "middleware" }),
  telemetry: false,
  // Astro's own Origin check off: the CSRF tests show csrf() refusing on its
  // own. (Astro 5 also takes this app's same-origin posts for cross-site.)
  security: { checkOrigin: false },
  devToolbar: { enabled: false },
  vite: { logLevel: "warn" },
});
