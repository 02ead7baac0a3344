import { isSealedSessionError } from "@sealed-session/core";
import { createFileRoute } from "@tanstack/react-router";
import { verifyCsrf } from "../../../../../src/index";
import { config } from "../../session";

// verifyCsrf() in a server route: a refusal answered with its status (403).
export const Route = createFileRoute("/api/csrf-save")({
  server: {
    handlers: {
      POST: async ({ request }) => {
        const form = await request.formData();
        try {
          await verifyCsrf(config(), form);
        } catch (error) {
          if (isSealedSessionError(error) && error.code === "ERR_SESSION_CSRF")
            return new Response("Forbidden", { status: 403 });
          throw error;
        }
        return Response.json({ saved: form.get("note") });
      },
    },
  },
});
