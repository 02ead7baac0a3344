// Nitro 3 dropped auto-imports. This transform gives the files of the app's
// server directory the imports Nitro 2 gave them, for the names listed, when
// a file calls one without importing or declaring it. Build time only.

/** Module specifier → the names it provides. */
export type AutoImports = Readonly<Record<string, readonly string[]>>;

/** A Rollup/Rolldown plugin that prepends `import { … } from "…"` lines to the files under `root`. */
export function autoImportPlugin(imports: AutoImports, root: string) {
  const prefix = root.endsWith("/") ? root : `${root}/`;
  return {
    name: "sealed-session:auto-imports",
    transform(code: string, id: string) {
      if (!id.startsWith(prefix) || id.includes("/node_modules/") || !/\.[cm]?[jt]sx?$/.test(id))
        return null;
      const lines: string[] = [];
      for (const [from, names] of Object.entries(imports)) {
        const used = names.filter((name) => calls(code, name) && !declares(code, name));
        if (used.length > 0)
          lines.push(`import { ${used.join(", ")} } from ${JSON.stringify(from)};`);
      }
      // On the first line, so the file's line numbers (and stack traces) stay as written.
      return lines.length > 0 ? { code: `${lines.join(" ")} ${code}`, map: null } : null;
    },
  };
}

// A call `name(` not preceded by `.` or another identifier character.
function calls(code: string, name: string): boolean {
  return new RegExp(`(?<![\\w$.])${name}\\s*\\(`).test(code);
}

// Imported, or declared as a binding, anywhere in the file.
function declares(code: string, name: string): boolean {
  return (
    new RegExp(`\\bimport\\b[^;]*\\b${name}\\b[^;]*\\bfrom\\b`).test(code) ||
    new RegExp(`\\b(?:const|let|var|function|class)\\s+${name}\\b`).test(code)
  );
}
