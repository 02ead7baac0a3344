// A server component: the session read-only (it renders after the headers).
import { useSession } from "../../../../src/index";
import { config } from "../../session";
import { signIn, signOut, visit } from "../actions";

export const dynamic = "force-dynamic";

export default async function Account() {
  const session = await useSession(config());
  const { user, visits } = session.data;
  return (
    <main>
      <p id="user">{user ?? "nobody"}</p>
      <p id="visits">{visits ?? 0}</p>
      {user ? (
        <>
          <form action={visit}>
            <button id="visit" type="submit">
              visit
            </button>
          </form>
          <form action={signOut}>
            <button id="sign-out" type="submit">
              sign out
            </button>
          </form>
        </>
      ) : (
        <form action={signIn}>
          <input id="name" name="user" />
          <button id="sign-in" type="submit">
            sign in
          </button>
        </form>
      )}
    </main>
  );
}
