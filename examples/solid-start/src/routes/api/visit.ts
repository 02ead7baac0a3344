import { useSession } from "@sealed-session/h3";
import type { APIEvent } from "@solidjs/start/server";
import { config } from "../../session";

// An API route writing the session: its event's nativeEvent is the h3 v2 event.
export async function POST({ request, nativeEvent }: APIEvent) {
  const { user } = (await request.json()) as { user?: string };
  const session = await useSession(nativeEvent, config());
  await session.update((data) => ({ visits: (data.visits ?? 0) + 1, user: user ?? data.user }));
  return session.data;
}
