// The same configuration as test/app (server output, @astrojs/node in middleware mode).
export { default } from "../app/astro.config.mjs";
