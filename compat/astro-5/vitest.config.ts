import { fileURLToPath } from "node:url";
import { astroCompatConfig } from "../astro-vitest";

export default astroCompatConfig(fileURLToPath(new URL(".", import.meta.url)));
