import type { LoaderFunctionArgs } from "react-router";
import { sessionContext } from "../../../../src/index";

// A resource route: the token a form of this session carries.
export async function loader({ context }: LoaderFunctionArgs) {
  return Response.json({ token: await context.get(sessionContext).csrfToken() });
}
