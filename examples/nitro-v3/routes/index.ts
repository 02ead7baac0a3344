export default defineEventHandler(async (event) => {
  const sessionConfig = useRuntimeConfig().session
  const session = await useSession(event, {
    name: sessionConfig.name,
    password: sessionConfig.password
  })

  session.update({ foo: 'bar' })

  return session.data
})
