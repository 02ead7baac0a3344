import { useSession } from "@sealed-session/tanstack-start";
import { createServerFileRoute } from "@tanstack/react-start/server";
import { config } from "../../session";

// A server route writing the session.
export const ServerRoute = createServerFileRoute("/api/visit").methods({
  POST: async ({ request }) => {
    const { user } = (await request.json()) as { user?: string };
    const session = await useSession(config());
    await session.update((data) => ({ visits: (data.visits ?? 0) + 1, user: user ?? data.user }));
    return Response.json(session.data);
  },
});
