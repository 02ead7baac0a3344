import { redirect } from "@sveltejs/kit";
import type { Actions } from "./$types";

// A form action: a sign-in under a new id, then a redirect.
export const actions: Actions = {
  signin: async ({ request, locals }) => {
    const form = await request.formData();
    locals.session.data.user = String(form.get("user"));
    await locals.session.regenerate();
    redirect(303, "/");
  },
  signout: async ({ locals }) => {
    await locals.session.clear();
    redirect(303, "/");
  },
  rename: async ({ request, locals }) => {
    locals.session.data.user = String((await request.formData()).get("user"));
    return { renamed: true };
  },
};
