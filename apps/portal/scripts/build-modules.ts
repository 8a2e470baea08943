/**
 * Builds the portal's browser modules (app/modules/*.ts): small, separate ES modules, each loaded
 * only by the pages that need it (the pages themselves are plain server-rendered HTML). Output:
 * build/client/assets/<name>-<hash>.js (served immutable) and build/client/modules.json, which
 * the server reads to write the script tags.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { basename, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const sources = readdirSync(`${root}app/modules`).filter((f) => /^[a-z-]+\.ts$/.test(f));
const result = await build({
  entryPoints: sources.map((f) => `${root}app/modules/${f}`),
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  entryNames: "[name]-[hash]",
  outdir: `${root}build/client/assets`,
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});
const manifest: Record<string, string> = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  manifest[basename(meta.entryPoint, ".ts")] =
    `/${relative(`${root}build/client`, `${root}${file}`)}`;
}
writeFileSync(`${root}build/client/modules.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `browser modules: ${Object.entries(manifest)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}`,
);
