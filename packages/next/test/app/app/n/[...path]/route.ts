// /n/<op>: the binding's own functions (next/headers, no request argument) in
// a route handler; the test drives each operation.
import { clearSession, getSession, useSession } from "../../../../../src/index";
import { config } from "../../../session";

export const dynamic = "force-dynamic";

async function handle(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const [op] = (await params).path;
  const body = request.method === "POST" ? await request.json() : undefined;
  try {
    if (op === "use") return Response.json((await useSession(config())).data);
    if (op === "get") return Response.json(await getSession(config()));
    if (op === "update")
      return Response.json((await (await useSession(config())).update(body)).data);
    if (op === "grow-shrink") {
      // Grows into chunks, then shrinks, in one request: the chunks staged go too.
      const session = await useSession(config());
      await session.update({ user: "x".repeat(9000) });
      await session.update({ user: "small" });
      return Response.json(session.data);
    }
    if (op === "clear") {
      await clearSession(config());
      return Response.json({ cleared: true });
    }
    return new Response("unknown op", { status: 404 });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return Response.json({ code, message }, { status: 500 });
  }
}

export { handle as GET, handle as POST };
