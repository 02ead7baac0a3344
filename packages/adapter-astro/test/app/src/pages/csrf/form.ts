import type { APIRoute } from "astro";
import type { SessionManager } from "../../../../../src/index";

export const prerender = false;

export const GET: APIRoute = async ({ locals }) => {
  const { session } = locals as { session: SessionManager };
  return Response.json({ token: await session.csrfToken() });
};
