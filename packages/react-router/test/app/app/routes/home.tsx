import { useEffect } from "react";
import { Form, type LoaderFunctionArgs, useLoaderData } from "react-router";
import { sessionContext } from "../../../../src/index";

// The page, rendered on the server from the browser's cookie.
export function loader({ context }: LoaderFunctionArgs) {
  const { data } = context.get(sessionContext);
  return { visits: data.visits ?? 0, user: data.user ?? "" };
}

export default function Home() {
  const { visits, user } = useLoaderData<typeof loader>();
  // Marks the page as hydrated, for the browser test to wait on.
  useEffect(() => {
    document.body.dataset.hydrated = "true";
  }, []);
  return (
    <main>
      <p id="visits">{visits}</p>
      <p id="user">{user}</p>
      <Form method="post" action="/login">
        <input name="user" />
        <button type="submit">Sign in</button>
      </Form>
      <Form method="post" action="/logout">
        <button id="sign-out" type="submit">
          Sign out
        </button>
      </Form>
    </main>
  );
}
