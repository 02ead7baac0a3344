// The token a form of this session carries.
import { openSession } from "../../../../../src/index";
import { config } from "../../../session";

export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json({ token: await (await openSession(config())).csrfToken() });
}
