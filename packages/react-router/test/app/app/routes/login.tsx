import { type ActionFunctionArgs, redirect } from "react-router";
import { sessionContext } from "../../../../src/index";

// A form action: a sign-in under a new id, then a redirect React Router throws.
export async function action({ request, context }: ActionFunctionArgs) {
  const session = context.get(sessionContext);
  const form = await request.formData();
  session.data.user = String(form.get("user"));
  await session.regenerate();
  throw redirect("/");
}

export default function Login() {
  return null;
}
