// Nitro 3 global middleware (added by the module): once the handler returned,
// wait for the session writes it did not await, then let its value become the
// response, so a floating `session.update()` lands in it (data and cookie).
import { type H3Event, settleSessions } from "../index";

export default async function sealedSessionMiddleware(
  event: H3Event,
  next: () => unknown,
): Promise<unknown> {
  try {
    return await next();
  } finally {
    await settleSessions(event);
  }
}
