import { createFileRoute } from "@tanstack/react-router";
import { useSession } from "../../../../../src/index";
import { config } from "../../session";

// The token a form of this session carries.
export const Route = createFileRoute("/api/csrf-form")({
  server: {
    handlers: {
      GET: async () => Response.json({ token: await (await useSession(config())).csrfToken() }),
    },
  },
});
