// The Nuxt 4 app the module's tests build (nuxt build), served in process by
// the node-listener preset on 127.0.0.1.
export default defineNuxtConfig({
  modules: ["../../dist/module.js"],
  // fromNuxtSession: users of Nuxt's built-in sessions (cookie "nuxt-session") keep their data.
  sealedSession: { name: "app", maxAge: 60 * 60, cookie: { secure: false }, fromNuxtSession: true },
  // Bundled whole: the traced node_modules hold only the production builds of
  // vue, which Node would not pick under vitest (NODE_ENV is "test").
  nitro: { preset: "node-listener", noExternals: true },
  devtools: { enabled: false },
  telemetry: false,
  compatibilityDate: "2025-07-01",
});
