import { type LoaderFunctionArgs, useLoaderData } from "react-router";
import { sessionContext } from "../../../../src/index";

// The page, rendered on the server from the browser's cookie.
export function loader({ context }: LoaderFunctionArgs) {
  const { data } = context.get(sessionContext);
  return { visits: data.visits ?? 0, user: data.user ?? "" };
}

export default function Home() {
  const { visits, user } = useLoaderData<typeof loader>();
  return (
    <main>
      <p id="visits">{visits}</p>
      <p id="user">{user}</p>
    </main>
  );
}
