// The demo page: plain HTML forms and a little CSS.

const escapeHtml = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );

/** Renders the page for a session manager. */
export function renderPage({
  framework,
  session,
  csrf,
  notice,
  error,
  cookie,
  devices,
  storeMode,
}) {
  // Every form carries the session's CSRF token; each adapter's check refuses a post without it.
  const token = `<input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">`;
  const { user, visits = 0, notes = [] } = session.data;
  const record = {
    id: session.id,
    createdAt: new Date(session.createdAt).toISOString(),
    data: session.data,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sealed-session demo (${escapeHtml(framework)})</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1d2430; background: #f5f6f8; }
  body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
  header { display: flex; justify-content: space-between; align-items: baseline; }
  .badge { background: #1d2430; color: #fff; border-radius: 1rem; padding: .2rem .8rem; font-size: .9rem; }
  .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
  section { background: #fff; border-radius: .6rem; padding: 1rem 1.2rem; box-shadow: 0 1px 3px #0002; }
  .notice { background: #e7f6ec; border-left: .3rem solid #2e9e5b; padding: .6rem 1rem; }
  .error { background: #fdecec; border-left: .3rem solid #c0392b; padding: .6rem 1rem; }
  pre { background: #f0f2f5; padding: .6rem; overflow: auto; max-height: 16rem; font-size: .8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
  dt { color: #5b6678; }
  input, textarea, button { font: inherit; }
  ul { padding-left: 1.2rem; }
  li { overflow-wrap: anywhere; }
  .counter { font-size: 2.4rem; font-weight: 700; }
</style>
</head>
<body>
<header>
  <h1>sealed-session demo</h1>
  <span class="badge" id="framework">served by ${escapeHtml(framework)}</span>
</header>
${notice ? `<p class="notice" id="notice">${escapeHtml(notice)}</p>` : ""}
${error ? `<p class="error" id="error">${escapeHtml(error)}</p>` : ""}
<div class="grid">
  <section>
    <h2>Account</h2>
    ${
      user
        ? `<p id="status">Signed in as <strong id="user">${escapeHtml(user)}</strong>.</p>
    <form method="post" action="/logout">${token}<button id="sign-out">Sign out</button></form>
    <form method="post" action="/logout-everywhere">${token}<button id="sign-out-everywhere">Sign out everywhere</button></form>`
        : `<p id="status">Signed out.</p>
    <form method="post" action="/login">${token}
      <label>Name <input name="name" id="name" required maxlength="40"></label>
      <button id="sign-in">Sign in</button>
    </form>`
    }
    <h2>Visits</h2>
    <p class="counter" id="visits">${visits}</p>
  </section>
  <section>
    <h2>Notes</h2>
    <form method="post" action="/note">${token}
      <textarea name="text" rows="2" cols="30" id="note-text"></textarea>
      <button id="add-note">Add a note</button>
      <button name="big" value="1" id="add-big-note">Add a 2 KB note</button>
    </form>
    <ul id="notes">${notes.map((note) => `<li>${escapeHtml(note.text.length > 120 ? `${note.text.slice(0, 120)}…` : note.text)}</li>`).join("")}</ul>
  </section>
  <section>
    <h2>The cookie</h2>
    <dl>
      <dt>sent with this request</dt><dd id="cookie-bytes">${cookie.bytes} bytes</dd>
      <dt>cookies</dt><dd id="cookie-count">${cookie.cookies} (${cookie.chunks} chunk${cookie.chunks === 1 ? "" : "s"})</dd>
    </dl>
    ${
      storeMode
        ? "<p>Store mode: the cookie seals only the session's id and times; the data lives in the store, so notes never grow the cookie.</p>"
        : "<p>Past 4000 characters the sealed value is split into <code>demo.1 … demo.N</code>; past 14 KB in all, a write fails with <code>ERR_SESSION_TOO_LARGE</code> before any cookie changes.</p>"
    }
  </section>
  <section>
    <h2>Your devices</h2>
    ${
      devices
        ? `<ul id="devices">${devices
            .map(
              (device) =>
                `<li class="device">${device.id === session.id ? "<strong>this browser</strong>" : "another browser"}, signed in ${escapeHtml(new Date(device.createdAt).toISOString())}${
                  device.id === session.id
                    ? ""
                    : ` <form method="post" action="/forget-device" style="display:inline">${token}<input type="hidden" name="id" value="${escapeHtml(device.id)}"><button class="forget">Sign it out</button></form>`
                }</li>`,
            )
            .join("")}</ul>`
        : storeMode
          ? "<p>Sign in to see the browsers signed in as you.</p>"
          : "<p>Sealed mode keeps sessions in the cookie only, so there is no list: run the demo with <code>SESSION_MODE=store</code> to keep them in a store and list them here.</p>"
    }
  </section>
  <section>
    <h2>The session, as the server sees it</h2>
    <pre id="session">${escapeHtml(JSON.stringify(record, null, 2))}</pre>
  </section>
</div>
</body>
</html>`;
}
