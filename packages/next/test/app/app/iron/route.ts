// /iron?user=<name>[&big=1]: the app as it was before the move — iron-session
// 9 (from npm) writes its own cookie through cookies(), under the session's
// name and password, chunked when `big` makes it too long for one cookie.
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const url = new URL(request.url);
  const password = process.env.NEXT_SESSION_PASSWORD ?? "";
  const session = await getIronSession<{ user?: string; note?: string }>(await cookies(), {
    cookieName: "app",
    password,
    chunk: true,
  });
  session.user = url.searchParams.get("user") ?? "ada";
  if (url.searchParams.has("big")) session.note = "n".repeat(6000);
  await session.save();
  return Response.json({ saved: true });
}
