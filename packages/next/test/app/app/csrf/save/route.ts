// verifyCsrf() in a route handler: a refusal answered with its status (403).
import { csrfRefusal } from "@sealed-session/core/adapter";
import { verifyCsrf } from "../../../../../src/index";
import { config } from "../../../session";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const form = await request.formData();
  const refused = await csrfRefusal(verifyCsrf(config(), form));
  if (refused) return new Response("Forbidden", { status: refused.status });
  return Response.json({ saved: form.get("note") });
}
