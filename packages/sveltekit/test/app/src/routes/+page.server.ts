import type { PageServerLoad } from "./$types";

// The page, rendered on the server from the browser's cookie.
export const load: PageServerLoad = ({ locals }) => ({
  visits: locals.session.data.visits ?? 0,
  user: locals.session.data.user ?? "",
});
