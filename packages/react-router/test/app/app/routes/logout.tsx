import { type ActionFunctionArgs, redirect } from "react-router";
import { sessionContext } from "../../../../src/index";

// Signing out: the session cleared, then home.
export async function action({ context }: ActionFunctionArgs) {
  await context.get(sessionContext).clear();
  throw redirect("/");
}

export default function Logout() {
  return null;
}
