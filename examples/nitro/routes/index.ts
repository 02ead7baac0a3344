import { useSession } from "@sealed-session/h3";

export default defineEventHandler(async (event) => {
  const sessionConfig = useRuntimeConfig().session;
  const session = await useSession(event, {
    name: sessionConfig.name,
    password: sessionConfig.password,
  });

  // The documentation leaves this promise floating; awaiting it makes sure the
  // resealed cookie is on this response before it is sent.
  await session.update({ foo: "bar" });

  return session.data;
});
