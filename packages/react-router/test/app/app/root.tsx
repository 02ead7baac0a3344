import { Links, Meta, Outlet, Scripts } from "react-router";
import { appSession } from "./session.server";

export const middleware = [appSession];

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <p id="error">something went wrong</p>;
}
