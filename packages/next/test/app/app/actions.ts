"use server";
// Server actions: the session written through next/headers' cookies().
import { redirect } from "next/navigation";
import { clearSession, useSession } from "../../../src/index";
import { config } from "../session";

export async function signIn(form: FormData): Promise<void> {
  const session = await useSession(config());
  await session.regenerate();
  await session.update({ user: String(form.get("user") ?? "") });
  redirect("/account");
}

export async function visit(): Promise<void> {
  const session = await useSession(config());
  await session.update((data) => ({ visits: (data.visits ?? 0) + 1 }));
}

export async function signOut(): Promise<void> {
  await clearSession(config());
  redirect("/account");
}
