// nitro 3 (h3 v2): built by `nitro build` from the documentation's files.
import { fileURLToPath } from "node:url";
import { nitroDocumentationSuite } from "../../nitro/test/documented";

nitroDocumentationSuite(fileURLToPath(new URL("..", import.meta.url)), "nitro 3.0.0");
