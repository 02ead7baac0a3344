// What the demo does, once, in terms of a session manager: each framework's
// file only maps its routes onto these.
import { isSealedSessionError } from "@sealed-session/core";
import { renderPage } from "./view.mjs";

/** GET /: counts the visit, shows the flash once, and the session as the server sees it. */
export async function home(session, { framework, cookieHeader, name }) {
  await session.update({ visits: (session.data.visits ?? 0) + 1 });
  const notice = await session.consumeFlash("notice");
  return renderPage({ framework, session, notice, cookie: cookieStats(cookieHeader, name) });
}

/** POST /login: signs in, with a new session id (fixation protection) and a one-time notice. */
export async function login(session, form) {
  const name =
    String(form.name ?? "")
      .trim()
      .slice(0, 40) || "guest";
  await session.update({ user: name });
  await session.regenerate();
  await session.flash("notice", `Signed in as ${name}. This notice shows once.`);
  return "/";
}

/** POST /logout: clears the session, every chunk cookie included. */
export async function logout(session) {
  await session.clear();
  return "/";
}

/** POST /logout-everywhere: revokes every session of this user (other browsers too), then clears this one. */
export async function logoutEverywhere(session, revocation) {
  if (session.data.user) await revocation.revokeAll(session.data.user);
  await session.clear();
  return "/";
}

/** POST /note: adds a note (or a 2 KB one, to grow the session past one cookie). */
export async function addNote(session, form, { framework, cookieHeader, name }) {
  const text = form.big
    ? `A 2 KB note. ${"Sealed sessions split across cookies. ".repeat(55)}`.slice(0, 2048)
    : String(form.text ?? "").slice(0, 4000);
  if (!text.trim()) return { location: "/" };
  try {
    await session.update({ notes: [...(session.data.notes ?? []), { text, at: new Date().toISOString() }] });
    return { location: "/" };
  } catch (error) {
    if (!isSealedSessionError(error) || error.code !== "ERR_SESSION_TOO_LARGE") throw error;
    const page = renderPage({ framework, session, error: error.message, cookie: cookieStats(cookieHeader, name) });
    return { status: 413, html: page };
  }
}

/** The session's cookies in the request: how many, and the bytes the browser sent for them. */
export function cookieStats(header, name) {
  const pairs = (header ?? "").split(/;\s*/).filter((pair) => pair.startsWith(`${name}=`) || new RegExp(`^${name}\\.\\d+=`).test(pair));
  return { cookies: pairs.length, chunks: Math.max(0, pairs.length - 1), bytes: pairs.join("; ").length };
}
