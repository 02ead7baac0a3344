import { action, createAsync, query, redirect } from "@solidjs/router";
import { appSession } from "../session";

// Read on the server while the page renders.
const readSession = query(async () => {
  "use server";
  const session = await appSession();
  return { visits: session.data.visits ?? 0, user: session.data.user ?? "" };
}, "session");

// Form posts to server actions: sign in (a new id, then the user) and sign out.
const signIn = action(async (form: FormData) => {
  "use server";
  const session = await appSession();
  await session.regenerate();
  await session.update((data) => ({
    user: String(form.get("user") ?? ""),
    visits: (data.visits ?? 0) + 1,
  }));
  throw redirect("/");
}, "sign-in");

const signOut = action(async () => {
  "use server";
  const session = await appSession();
  await session.clear();
  throw redirect("/");
}, "sign-out");

export default function Home() {
  const session = createAsync(() => readSession());
  return (
    <main>
      <p id="visits">{session()?.visits ?? 0}</p>
      <p id="user">{session()?.user ?? ""}</p>
      <form action={signIn} method="post">
        <input name="user" />
        <button type="submit">Sign in</button>
      </form>
      <form action={signOut} method="post">
        <button id="sign-out" type="submit">
          Sign out
        </button>
      </form>
    </main>
  );
}
