// nitropack 2 (h3 v1): built by `nitropack build` from the documentation's files.
import { fileURLToPath } from "node:url";
import { nitroDocumentationSuite } from "./documented";

nitroDocumentationSuite(fileURLToPath(new URL("..", import.meta.url)), "nitropack 2.13");
