import { describeRenderedSession } from "@sealed-session/testing";
import { serveStart } from "./_app";

// A server route writes the session; the page's loader reads it in a server function (Start 1.131, through h3).
describeRenderedSession(
  "@sealed-session/tanstack-start in a built TanStack Start 1.131 app",
  serveStart,
  {
    setCookie: /^app=Fe26\.2\*[^;]+; Path=\/; HttpOnly; SameSite=Lax$/,
  },
);
