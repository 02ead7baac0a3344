// The app's session, read (auto-imported useAppSession, typed by AppSessionData).
export default defineEventHandler(async (event) => {
  const session = await useAppSession(event);
  return { visits: session.data.visits ?? 0, user: session.data.user ?? null };
});
