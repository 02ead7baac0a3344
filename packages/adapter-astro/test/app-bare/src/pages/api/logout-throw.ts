import type { APIRoute } from "astro";
import { clearSession, updateSession } from "../../../../../src/index";

// useSession's functions in an endpoint: sign in, or (?out) sign out and then fail.
export const prerender = false;
const config = {
  password: process.env.ASTRO_SESSION_PASSWORD as string,
  name: "api",
  cookie: { secure: false },
};

export const GET: APIRoute = async (context) => {
  if (!context.url.searchParams.has("out")) {
    await updateSession(context, config, { user: "ada" });
    return Response.json({ signedIn: true });
  }
  await clearSession(context, config);
  throw new Error("the endpoint failed after the logout");
};
