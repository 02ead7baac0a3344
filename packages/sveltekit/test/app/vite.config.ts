// The SvelteKit 3 app the binding's tests build (`vite build` with
// adapter-node: build/handler.js is the Node request handler a deployment
// runs), served in process on 127.0.0.1.
import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({ logLevel: "warn", plugins: [sveltekit({ adapter: adapter() })] });
