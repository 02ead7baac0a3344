import type { LoaderFunctionArgs } from "react-router";
import { oldLegacy, oldStorage } from "../session.server";

// Writes cookies as the app did before the switch: React Router's createCookieSessionStorage.
export async function loader({ params }: LoaderFunctionArgs) {
  if (params.op === "storage") {
    const session = await oldStorage.getSession();
    session.set("count", 41);
    session.set("user", "grace ☕");
    return new Response(null, {
      status: 204,
      headers: { "set-cookie": await oldStorage.commitSession(session) },
    });
  }
  const session = await oldLegacy.getSession();
  session.set("visits", 7);
  session.set("user", "ada");
  return new Response(null, {
    status: 204,
    headers: { "set-cookie": await oldLegacy.commitSession(session) },
  });
}
