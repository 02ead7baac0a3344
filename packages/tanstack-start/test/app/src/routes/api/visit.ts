import { createFileRoute } from "@tanstack/react-router";
import { useSession } from "../../../../../src/index";
import { config } from "../../session";

// A server route writing the session.
export const Route = createFileRoute("/api/visit")({
  server: {
    handlers: {
      POST: async ({ request }) => {
        const { user } = (await request.json()) as { user?: string };
        const session = await useSession(config());
        await session.update((data) => ({
          visits: (data.visits ?? 0) + 1,
          user: user ?? data.user,
        }));
        return Response.json(session.data);
      },
    },
  },
});
