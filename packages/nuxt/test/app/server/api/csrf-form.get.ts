// The token a form of the app's session carries.
export default defineEventHandler(async (event) => ({
  token: await (await useAppSession(event)).csrfToken(),
}));
