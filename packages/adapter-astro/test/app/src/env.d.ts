/// <reference types="astro/client" />
type SessionLocals = import("../../../src/index").SessionLocals;

declare namespace App {
  interface Locals extends SessionLocals {}
}
