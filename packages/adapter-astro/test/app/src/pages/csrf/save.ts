import type { APIRoute } from "astro";

export const prerender = false;

// Reached only past csrf(): the form is still the page's to read.
export const POST: APIRoute = async ({ request }) =>
  Response.json({ saved: (await request.formData()).get("note") });
