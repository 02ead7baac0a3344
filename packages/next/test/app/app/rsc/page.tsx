// A server component that tries to change the session: refused, never written.
import { SessionReadOnlyError, useSession } from "../../../../src/index";
import { config } from "../../session";

export const dynamic = "force-dynamic";

export default async function Rsc() {
  const session = await useSession(config());
  const refused = await session.update({ visits: 99 }).then(
    () => "written",
    (error: unknown) =>
      error instanceof SessionReadOnlyError ? error.code : `not refused as read-only: ${error}`,
  );
  return (
    <main>
      <p id="user">{session.data.user ?? "nobody"}</p>
      <p id="refused">{refused}</p>
    </main>
  );
}
