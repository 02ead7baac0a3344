// A form post signs out: the cookie is expired, and back to the page.
export default defineEventHandler(async (event) => {
  const session = await useAppSession(event);
  await session.clear();
  return sendRedirect(event, "/", 303);
});
