import type { LoaderFunctionArgs } from "react-router";
import { sessionContext } from "../../../../src/index";

// A loader that changes the session, then throws: the error boundary renders, the cookie still goes out.
export function loader({ context }: LoaderFunctionArgs) {
  const session = context.get(sessionContext);
  session.data.visits = (session.data.visits ?? 0) + 1;
  throw new Error("the loader failed after a change");
}

export default function Throws() {
  return <p>never rendered</p>;
}
