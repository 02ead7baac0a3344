import type { LoaderFunctionArgs } from "react-router";
import { storage } from "../session.server";

// createSealedSessionStorage used as createCookieSessionStorage is: get, set, commit.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await storage.getSession(request.headers.get("cookie"));
  if (params.op === "count") {
    session.set("count", (session.get("count") ?? 0) + 1);
    session.flash("notice", `counted ${session.get("count")}`);
    return Response.json(session.data, {
      headers: { "set-cookie": await storage.commitSession(session) },
    });
  }
  if (params.op === "remember")
    return Response.json(session.data, {
      headers: { "set-cookie": await storage.commitSession(session, { maxAge: 60 }) },
    });
  if (params.op === "notice") {
    const notice = session.get("notice") ?? null;
    return Response.json(
      { notice, count: session.get("count") ?? 0 },
      { headers: { "set-cookie": await storage.commitSession(session) } },
    );
  }
  if (params.op === "big") {
    session.set("user", "x".repeat(6000));
    try {
      await storage.commitSession(session);
      return Response.json({ committed: true });
    } catch (error) {
      return Response.json({ code: (error as { code?: string }).code }, { status: 413 });
    }
  }
  if (params.op === "destroy")
    return new Response(null, {
      status: 204,
      headers: { "set-cookie": await storage.destroySession(session) },
    });
  return Response.json({ id: session.id, data: session.data });
}
