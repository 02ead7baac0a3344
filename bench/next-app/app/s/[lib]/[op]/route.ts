// /s/<lib>/<op>: one route handler per library, in one app. `write` starts a
// session and writes the bench record; `read` reads it back and answers the
// user id (4217). `cookies` reads the cookie through Next's `cookies()` and
// nothing more; `none` touches no cookie.
import { useSession } from "@sealed-session/next";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { record } from "../../../../../lib/record.mjs";

export const dynamic = "force-dynamic";

type Data = typeof record.data;
// A generated-looking secret: with NODE_ENV=production a hand-written one is refused (ERR_PASSWORD_WEAK).
const SECRET = "aoO2ZeVqQz1h-78nNi8Si60RbdNeybGm0052iZ9UrVI";
// lazy: like iron-session, no cookie for a new visitor until data is written
// (one seal per write; without it, useSession writes the empty session first).
const config = { password: SECRET, name: "session", lazy: true };
// As long as the record's sealed token (base64url), for the baseline's write.
const FILLER = "A".repeat(1650);
const ironOptions = { password: SECRET, cookieName: "session" };

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ lib: string; op: string }> },
) {
  const { lib, op } = await params;
  if (lib === "ours") {
    const session = await useSession<Data>(config);
    if (op === "write") await session.update(record.data);
    return new Response(op === "write" ? "ok" : String(session.data.user?.id));
  }
  if (lib === "iron") {
    const session = await getIronSession<Partial<Data>>(await cookies(), ironOptions);
    if (op === "write") {
      Object.assign(session, record.data);
      await session.save();
    }
    return new Response(op === "write" ? "ok" : String(session.user?.id));
  }
  if (lib === "cookies") {
    // Next's cookie API alone, as both libraries use it — a write sets a
    // cookie as long as a sealed record — the baseline of their cost.
    const store = await cookies();
    if (op === "write") {
      store.set("session", FILLER, { httpOnly: true, secure: true, sameSite: "lax", path: "/" });
      return new Response("ok");
    }
    return new Response(store.get("session")?.value ? "4217" : "no cookie");
  }
  if (lib === "none") return new Response(op === "write" ? "ok" : "4217");
  return new Response("unknown", { status: 404 });
}
