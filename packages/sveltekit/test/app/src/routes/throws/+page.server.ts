import type { PageServerLoad } from "./$types";

// A load that changes the session, then throws: the error page renders, the cookie still goes out.
export const load: PageServerLoad = ({ locals }) => {
  locals.session.data.visits = (locals.session.data.visits ?? 0) + 1;
  throw new Error("the load failed after a change");
};
