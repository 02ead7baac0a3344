import { createFileRoute } from "@tanstack/react-router";
import { useSession } from "../../../../../src/index";

// One request writes a session over several cookie chunks, then shrinks it to one cookie.
export const Route = createFileRoute("/api/shrink")({
  server: {
    handlers: {
      POST: async () => {
        const session = await useSession({
          password: process.env.START_SESSION_PASSWORD as string,
          name: "big",
          cookie: { secure: false, chunkMaxLength: 1000 },
        });
        await session.update({ blob: "x".repeat(3000) });
        await session.update({ blob: "small" });
        return Response.json(session.data);
      },
    },
  },
});
