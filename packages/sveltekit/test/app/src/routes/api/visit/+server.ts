import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

// A +server.ts route mutating the session: the hook commits it after the response is made.
export const POST: RequestHandler = async ({ request, locals }) => {
  const { user } = (await request.json()) as { user: string };
  locals.session.data.visits = (locals.session.data.visits ?? 0) + 1;
  locals.session.data.user = user;
  return json(locals.session.data);
};
