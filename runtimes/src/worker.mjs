// Cloudflare Workers (workerd): the app as a module Worker.
import { fetchHandler } from "./app.mjs";

export default { fetch: fetchHandler };
