// The built React Router app in a real Chromium, hydrated: a <Form> posts to
// an action (a single-fetch request), the redirect it throws re-runs the
// loader, and the page shows who signed in; signing out clears it.
import { describeSignInFlow } from "../../../test-chromium.ts";
import { serveApp } from "./_app";

describeSignInFlow(
  "React Router in Chromium",
  "signs in through a <Form> action, keeps the sealed cookie, renders it on the server, signs out",
  () => serveApp(),
  // Hydrated: React Router's client runs, so the form posts with fetch (a .data request).
  { hydrated: true },
);
