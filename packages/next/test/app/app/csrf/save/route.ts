// verifyCsrf() in a route handler: a refusal answered with its status (403).
import { isSealedSessionError, verifyCsrf } from "../../../../../src/index";
import { config } from "../../../session";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const form = await request.formData();
  try {
    await verifyCsrf(config(), form);
  } catch (error) {
    if (isSealedSessionError(error) && error.code === "ERR_SESSION_CSRF")
      return new Response("Forbidden", { status: 403 });
    throw error;
  }
  return Response.json({ saved: form.get("note") });
}
