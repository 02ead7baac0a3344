// Read by the Nitro that TanStack Start builds with: bundle every dependency.
// The traced node_modules would hold only the production builds, which Node
// does not pick under vitest (it runs with --conditions development).
export default { noExternals: true };
