// What the demo does, once, in terms of a session manager: each framework's
// file only maps its routes onto these.
import { isSealedSessionError } from "@sealed-session/core";
import { renderPage } from "./view.mjs";

/** GET /: counts the visit, shows the flash once, the session as the server sees it, and (store mode) the user's devices. */
export async function home(session, { framework, cookieHeader, name, store }) {
  await session.update({ visits: (session.data.visits ?? 0) + 1 });
  const notice = await session.consumeFlash("notice");
  const devices = store && session.data.user ? await store.list(session.data.user) : undefined;
  return renderPage({
    framework,
    session,
    csrf: await session.csrfToken(),
    notice,
    cookie: cookieStats(cookieHeader, name),
    devices,
    storeMode: Boolean(store),
  });
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

/**
 * POST /logout-everywhere: every session of this user ends (other browsers
 * too), then this one is cleared. Sealed mode revokes them; store mode
 * deletes them.
 */
export async function logoutEverywhere(session, { revocation, store }) {
  const user = session.data.user;
  if (user) await (store ? store.removeAll(user) : revocation.revokeAll(user));
  await session.clear();
  return "/";
}

/** POST /forget-device (store mode): signs one of this user's other devices out. */
export async function forgetDevice(session, { store }, form) {
  const user = session.data.user;
  const id = String(form.id ?? "");
  if (store && user && (await store.list(user)).some((device) => device.id === id))
    await store.remove(id);
  return "/";
}

/** POST /note: adds a note (or a 2 KB one, to grow the session past one cookie). */
export async function addNote(session, form, { framework, cookieHeader, name }) {
  const text = form.big
    ? `A 2 KB note. ${"Sealed sessions split across cookies. ".repeat(55)}`.slice(0, 2048)
    : String(form.text ?? "").slice(0, 4000);
  if (!text.trim()) return { location: "/" };
  try {
    await session.update({
      notes: [...(session.data.notes ?? []), { text, at: new Date().toISOString() }],
    });
    return { location: "/" };
  } catch (error) {
    if (!isSealedSessionError(error) || error.code !== "ERR_SESSION_TOO_LARGE") throw error;
    const page = renderPage({
      framework,
      session,
      csrf: await session.csrfToken(),
      error: error.message,
      cookie: cookieStats(cookieHeader, name),
    });
    return { status: 413, html: page };
  }
}

/** The session's cookies in the request: how many, and the bytes the browser sent for them. */
export function cookieStats(header, name) {
  const pairs = (header ?? "")
    .split(/;\s*/)
    .filter((pair) => pair.startsWith(`${name}=`) || new RegExp(`^${name}\\.\\d+=`).test(pair));
  return {
    cookies: pairs.length,
    chunks: Math.max(0, pairs.length - 1),
    bytes: pairs.join("; ").length,
  };
}
