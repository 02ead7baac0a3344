import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

// update() while the request resolves: written through event.cookies, chunk by chunk.
export const POST: RequestHandler = async ({ url, locals }) => {
  const size = Number(url.searchParams.get("size") ?? "0");
  await locals.session.update({ blob: "x".repeat(size) });
  return json({ length: locals.session.data.blob?.length ?? 0 });
};
