// Written by an API route: the update seals into the app's cookie.
export default defineEventHandler(async (event) => {
  const session = await useAppSession(event);
  const { user } = await readBody<{ user?: string }>(event);
  await session.update((data) => ({ visits: (data.visits ?? 0) + 1, user: user ?? data.user }));
  return session.data;
});
