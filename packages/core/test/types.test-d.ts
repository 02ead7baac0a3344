// Pins the public types (checked by `tsc` in the typecheck task).
import { expectTypeOf } from "vitest";
import { useSession } from "../src/adapter";
import {
  type SealedSessionErrorCode,
  type Session,
  type SessionConfig,
  type SessionManager,
  type UnsealResult,
  unsealWithInfo,
  useWebSession,
  type WebSessionManager,
} from "../src/index";

type Data = { user?: { id: number }; visits?: number };
declare const exchange: Parameters<typeof useSession>[0];
declare const config: SessionConfig<Data>;

// useSession<T> infers the data type from the config's schema type parameter, or takes it explicitly.
expectTypeOf(useSession(exchange, config)).resolves.toEqualTypeOf<SessionManager<Data>>();
expectTypeOf(useSession<Data>(exchange, { password: "" })).resolves.toEqualTypeOf<
  SessionManager<Data>
>();
expectTypeOf(useWebSession<Data>(new Request("http://x"), { password: "" })).resolves.toEqualTypeOf<
  WebSessionManager<Data>
>();

declare const manager: SessionManager<Data>;
expectTypeOf(manager.data.visits).toEqualTypeOf<number | undefined>();
expectTypeOf(manager.id).toEqualTypeOf<string>();
expectTypeOf(manager.update)
  .parameter(0)
  .toExtend<Partial<Data> | ((data: Data) => Partial<Data> | undefined) | undefined>();
expectTypeOf(manager.commit()).resolves.toBeBoolean();
// @ts-expect-error: visits is a number
void manager.update({ visits: "many" });

declare const record: Session<Data>;
expectTypeOf(record.createdAt).toBeNumber();

expectTypeOf(unsealWithInfo<Data>("", "")).resolves.toEqualTypeOf<UnsealResult<Data>>();
expectTypeOf<"ERR_SEAL_MAC">().toExtend<SealedSessionErrorCode>();
