// The proxy: on /account, the session read, and resealed when it falls due
// (an idle slide) — the write a server component cannot make.
import { type NextRequest, NextResponse } from "next/server";
import { useSession } from "../../src/proxy";
import { config as sessionConfig } from "./session";

export async function proxy(request: NextRequest) {
  const response = NextResponse.next();
  await useSession(request, response, { ...sessionConfig(), lazy: true });
  return response;
}

export const config = { matcher: ["/account"] };
