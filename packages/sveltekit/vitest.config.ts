import { builtAppConfig } from "../../vitest.built-app.ts";

export default builtAppConfig();
