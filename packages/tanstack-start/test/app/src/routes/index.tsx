import { createFileRoute, useRouter } from "@tanstack/react-router";
import { createServerFn } from "@tanstack/react-start";
import { clearSession, useSession } from "../../../../src/index";
import { config } from "../session";

// A server function reading the session: the loader calls it, so the page is rendered from it on the server.
const readSession = createServerFn({ method: "GET" }).handler(async () => {
  const session = await useSession(config());
  return { visits: session.data.visits ?? 0, user: session.data.user ?? "" };
});

// Server functions writing it: a form post signs in (a new id, then the user), another signs out.
export const signIn = createServerFn({ method: "POST" })
  .validator((data: FormData) => ({ user: String(data.get("user") ?? "") }))
  .handler(async ({ data }) => {
    const session = await useSession(config());
    await session.regenerate();
    await session.update((old) => ({ user: data.user, visits: (old.visits ?? 0) + 1 }));
    return { user: data.user };
  });

export const signOut = createServerFn({ method: "POST" }).handler(async () => {
  await clearSession(config());
  return { user: "" };
});

export const Route = createFileRoute("/")({
  loader: () => readSession(),
  component: Home,
});

function Home() {
  const { visits, user } = Route.useLoaderData();
  const router = useRouter();
  return (
    <main>
      <p id="visits">{visits}</p>
      <p id="user">{user}</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          await signIn({ data: new FormData(event.currentTarget) });
          await router.invalidate();
        }}
      >
        <input name="user" />
        <button type="submit">Sign in</button>
      </form>
      <button
        type="button"
        id="sign-out"
        onClick={async () => {
          await signOut();
          await router.invalidate();
        }}
      >
        Sign out
      </button>
    </main>
  );
}
