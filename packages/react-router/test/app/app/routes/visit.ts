import type { ActionFunctionArgs } from "react-router";
import { sessionContext } from "../../../../src/index";

// A resource route writing the session the root middleware opened.
export async function action({ request, context }: ActionFunctionArgs) {
  const session = context.get(sessionContext);
  const { user } = (await request.json()) as { user: string };
  session.data.visits = (session.data.visits ?? 0) + 1;
  session.data.user = user;
  return Response.json(session.data);
}
