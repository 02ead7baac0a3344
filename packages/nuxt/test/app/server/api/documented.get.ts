// Nitro's documented form, verbatim: the auto-imported useSession is this library's.
export default defineEventHandler(async (event) => {
  const session = await useSession(event, {
    password: useRuntimeConfig(event).session.password,
    name: "documented",
  });
  session.update({ foo: "bar" });
  return { id: session.id };
});
