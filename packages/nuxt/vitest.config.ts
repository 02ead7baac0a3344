import { builtAppConfig } from "../../vitest.built-app";

export default builtAppConfig();
