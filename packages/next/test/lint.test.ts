// React's rules of hooks (eslint-plugin-react-hooks from npm, as
// eslint-config-next turns them on) against the names the binding exports, on
// each of Next's server surfaces: `useSession` is flagged there, `openSession`
// — the same function — is not.
import { ESLint } from "eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { describe, expect, it } from "vitest";
import * as app from "../src/index";
import * as pages from "../src/pages";
import * as proxy from "../src/proxy";

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ["**/*.jsx"],
      languageOptions: {
        ecmaVersion: "latest",
        sourceType: "module",
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
      // The plugin's own typings do not match ESLint's Plugin type (7.1.1).
      plugins: { "react-hooks": reactHooks as unknown as ESLint.Plugin },
      rules: { "react-hooks/rules-of-hooks": "error" },
    },
  ],
});

// Each surface, written with `name` where an app calls the session.
const surfaces: Record<string, (name: string) => string> = {
  "a server action": (name) => `"use server";
import { ${name} } from "@sealed-session/next";
export async function signIn(form) {
  const session = await ${name}(config);
  await session.update({ user: form.get("user") });
}`,
  "an async server component": (name) => `import { ${name} } from "@sealed-session/next";
export default async function Account() {
  const { data } = await ${name}(config);
  return <p>{data.user}</p>;
}`,
  "a route handler": (name) => `import { ${name} } from "@sealed-session/next";
export async function GET() {
  const session = await ${name}(config);
  return Response.json(session.data);
}`,
  "the proxy": (name) => `import { NextResponse } from "next/server";
import { ${name} } from "@sealed-session/next/proxy";
export async function proxy(request) {
  const response = NextResponse.next();
  await ${name}(request, response, config);
  return response;
}`,
  getServerSideProps: (name) => `import { ${name} } from "@sealed-session/next/pages";
export const getServerSideProps = async ({ req, res }) => {
  const session = await ${name}(req, res, config);
  return { props: { user: session.data.user ?? null } };
};`,
};

async function hookErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: "surface.jsx" });
  const messages = result?.messages ?? [];
  // A parse error would make a clean result meaningless.
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.map((m) => m.ruleId ?? "");
}

describe("React's rules of hooks", () => {
  for (const [surface, write] of Object.entries(surfaces)) {
    it(`flag useSession in ${surface}, and not openSession`, async () => {
      expect(await hookErrors(write("useSession"))).toContain("react-hooks/rules-of-hooks");
      expect(await hookErrors(write("openSession"))).toEqual([]);
    });
  }

  it("openSession is useSession itself, from every entry", () => {
    expect(app.openSession).toBe(app.useSession);
    expect(proxy.openSession).toBe(proxy.useSession);
    expect(pages.openSession).toBe(pages.useSession);
  });
});
