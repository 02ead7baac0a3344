// Nitro's virtual module, as the runtime files see it once Nitro bundles them.
declare module "#imports" {
  export function readBody(event: unknown): Promise<unknown>;
  export function useRuntimeConfig(event?: unknown): Record<string, unknown> & { session: unknown };
  export function defineNitroPlugin(
    plugin: (nitroApp: unknown) => void,
  ): (nitroApp: unknown) => void;
}
