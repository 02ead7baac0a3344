export default defineNitroConfig({
  runtimeConfig: {
    session: {
      name: "custom-name", // The name of the cookie and the header, x-<name>-session, used to retrieve the session
      password: process.env.NITRO_SESSION_PASSWORD || "", // Password used to seal the session
    }
  }
})
