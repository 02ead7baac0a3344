import { describe, expect, it } from "vitest";
import { CookieJar } from "./jar";

/** An app with the adapter's CSRF middleware or helper in front of two routes. */
export interface CsrfApp {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close?(): void | Promise<void>;
  /**
   * The app's origin, sent as `Origin` on its same-origin posts, as a
   * browser does (for a framework that checks it itself: SvelteKit).
   */
  origin?: string;
}

/** The paths the app serves, under its own prefix. */
export interface CsrfAppPaths {
  /** GET: `{ token }`, the session's `csrfToken()`. @default "/csrf/form" */
  form?: string;
  /** POST (a form): `{ saved }`, the form's `note` field as the handler read it. @default "/csrf/save" */
  save?: string;
}

/**
 * An adapter's CSRF middleware end to end: a form post with its session's
 * token passes and its handler still reads the form; a post without it, with
 * another session's, or from another site gets a 403; safe methods pass.
 */
export function describeCsrfMiddleware(
  name: string,
  start: () => Promise<CsrfApp>,
  paths: CsrfAppPaths = {},
): void {
  const formPath = paths.form ?? "/csrf/form";
  const savePath = paths.save ?? "/csrf/save";
  describe(`CSRF middleware: ${name}`, () => {
    // A page with a token, as a browser gets it.
    async function page(app: CsrfApp) {
      const jar = new CookieJar();
      const response = await app.fetch(formPath, { headers: { "sec-fetch-site": "none" } });
      expect(response.status).toBe(200);
      jar.take(response);
      const { token } = (await response.json()) as { token: string };
      return { jar, token };
    }
    const same = (app: CsrfApp) => (app.origin ? { ...SAME, origin: app.origin } : SAME);
    const post = (app: CsrfApp, jar: CookieJar, fields: object, headers: object = same(app)) =>
      app.fetch(savePath, {
        method: "POST",
        headers: { cookie: jar.header(), ...headers },
        body: new URLSearchParams(fields as Record<string, string>),
      });

    it("lets a same-origin form post with its session's token through, its form still readable", async () => {
      const app = await start();
      try {
        const { jar, token } = await page(app);
        const ok = await post(app, jar, { _csrf: token, note: "hi" });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toEqual({ saved: "hi" });
        const header = await post(
          app,
          jar,
          { note: "by header" },
          { ...same(app), "x-csrf-token": token },
        );
        expect(header.status).toBe(200);
        expect(await header.json()).toEqual({ saved: "by header" });
      } finally {
        await app.close?.();
      }
    });

    it("answers 403 to a post without the token, with another session's, or from another site", async () => {
      const app = await start();
      try {
        const { jar, token } = await page(app);
        const other = await page(app);
        const refused = [
          await post(app, jar, { note: "x" }),
          await post(app, jar, { _csrf: other.token, note: "x" }),
          await post(app, jar, { _csrf: token, note: "x" }, { "sec-fetch-site": "cross-site" }),
          await post(app, jar, { _csrf: token, note: "x" }, { origin: "https://evil.example" }),
        ];
        expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
        const safe = await app.fetch(formPath, { headers: { "sec-fetch-site": "cross-site" } });
        expect(safe.status).toBe(200);
      } finally {
        await app.close?.();
      }
    });
  });
}

const SAME = { "sec-fetch-site": "same-origin" };
