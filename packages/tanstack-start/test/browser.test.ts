// The built Start app in a real Chromium: a form posts to a server function,
// and the page, rendered on the server from the session, shows who signed in.
import { describeSignInFlow } from "../../../test-chromium.ts";
import { serveStart } from "./_app";

describeSignInFlow(
  "TanStack Start in Chromium",
  "signs in through a form posting to a server function; the SSR page shows the session; signing out clears it",
  () => serveStart(),
  // The visit counted by the sign-in, rendered from the cookie.
  { rendered: [/id="visits">1</] },
);
