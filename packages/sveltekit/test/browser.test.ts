// The built SvelteKit app in a real Chromium, hydrated: a form with
// use:enhance posts to an action, its redirect re-runs the load, and the page
// shows who signed in; signing out clears it.
import { freePort } from "@sealed-session/testing";
import { describeSignInFlow } from "../../../test-chromium.ts";
import { serveKit } from "./_app";

describeSignInFlow(
  "SvelteKit in Chromium",
  "signs in through an enhanced form action, keeps the sealed cookie, renders it on the server, signs out",
  async () => {
    // adapter-node takes its origin from ORIGIN, read when the build loads: the
    // browser's origin, so Kit's cross-site check lets the app's own forms through.
    const port = await freePort();
    return serveKit(undefined, { port, origin: `http://127.0.0.1:${port}` });
  },
  { hydrated: true },
);
