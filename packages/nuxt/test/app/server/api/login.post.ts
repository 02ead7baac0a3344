// A form post signs in: a new id (session fixation), the user, and back to the page.
export default defineEventHandler(async (event) => {
  const form = await readFormData(event);
  const session = await useAppSession(event);
  await session.regenerate();
  await session.update((data) => ({
    user: String(form.get("user") ?? ""),
    visits: (data.visits ?? 0) + 1,
  }));
  return sendRedirect(event, "/", 303);
});
