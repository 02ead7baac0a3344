import { adapterConfig } from "../../tsup.adapter";

export default adapterConfig();
