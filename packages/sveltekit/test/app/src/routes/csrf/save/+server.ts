import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

// Reached only past handleCsrf(): the form is still the endpoint's to read.
export const POST: RequestHandler = async ({ request }) =>
  json({ saved: (await request.formData()).get("note") });
