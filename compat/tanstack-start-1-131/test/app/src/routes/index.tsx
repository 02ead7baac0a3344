import { useSession } from "@sealed-session/tanstack-start";
import { createFileRoute } from "@tanstack/react-router";
import { createServerFn } from "@tanstack/react-start";
import { config } from "../session";

// A server function reading the session: the page is rendered from it on the server.
const readSession = createServerFn({ method: "GET" }).handler(async () => {
  const session = await useSession(config());
  return { visits: session.data.visits ?? 0, user: session.data.user ?? "" };
});

export const Route = createFileRoute("/")({
  loader: () => readSession(),
  component: Home,
});

function Home() {
  const { visits, user } = Route.useLoaderData();
  return (
    <main>
      <p id="visits">{visits}</p>
      <p id="user">{user}</p>
    </main>
  );
}
