// The React Router 8 app the binding's tests build (`react-router build`:
// build/server/index.js is the server build), served in process on 127.0.0.1
// through React Router's own request handler.
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  logLevel: "warn",
  plugins: [reactRouter()],
});
