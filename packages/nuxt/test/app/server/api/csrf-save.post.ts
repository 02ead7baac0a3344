// verifyAppCsrf() before the handler reads the form: the body is still there.
export default defineEventHandler(async (event) => {
  await verifyAppCsrf(event);
  const { note } = await readBody<{ note?: string }>(event);
  return { saved: note };
});
