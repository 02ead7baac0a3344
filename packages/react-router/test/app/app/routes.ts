import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("api/visit", "routes/visit.ts"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("throws", "routes/throws.tsx"),
  route("storage/:op", "routes/storage.ts"),
  route("old/:op", "routes/old.ts"),
  route("csrf/form", "routes/csrf-form.ts"),
  route("csrf/save", "routes/csrf-save.ts"),
  route("c/*", "routes/conformance.ts"),
] satisfies RouteConfig;
