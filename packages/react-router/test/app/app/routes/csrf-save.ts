import type { ActionFunctionArgs } from "react-router";
import { csrf } from "../../../../src/index";

// csrf() below the root's session(): the action runs only for a good token.
export const middleware = [csrf()];

export async function action({ request }: ActionFunctionArgs) {
  return Response.json({ saved: (await request.formData()).get("note") });
}
