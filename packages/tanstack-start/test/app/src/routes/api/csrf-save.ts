import { csrfRefusal } from "@sealed-session/core/adapter";
import { createFileRoute } from "@tanstack/react-router";
import { verifyCsrf } from "../../../../../src/index";
import { config } from "../../session";

// verifyCsrf() in a server route: a refusal answered with its status (403).
export const Route = createFileRoute("/api/csrf-save")({
  server: {
    handlers: {
      POST: async ({ request }) => {
        const form = await request.formData();
        const refused = await csrfRefusal(verifyCsrf(config(), form));
        if (refused) return new Response("Forbidden", { status: refused.status });
        return Response.json({ saved: form.get("note") });
      },
    },
  },
});
