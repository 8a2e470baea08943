import purgeCss from "@fullhuman/postcss-purgecss";
import { vitePlugin as remix } from "@remix-run/dev";
import type { Plugin } from "postcss";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Bootstrap ships ~230 KB of CSS; the portal uses a small part of it. PurgeCSS keeps only the
// selectors whose class names appear in our sources (the default extractor reads every word, so
// class names in template strings such as `alert-${kind}` must be written out in full or
// safelisted). Only Bootstrap's file is purged; app.css is ours and stays whole.
const purgeBootstrap = purgeCss({
  content: ["./app/**/*.{ts,tsx}"],
  safelist: {
    // Set by the browser or by React at run time, never written in our sources.
    standard: ["active", "disabled", "show", "was-validated", "is-invalid", "is-valid"],
  },
}) as Plugin;
const purgeBootstrapOnly: Plugin = {
  postcssPlugin: "purge-bootstrap-only",
  OnceExit(root, helpers) {
    if (!/[\\/]bootstrap[\\/]/.test(root.source?.input.file ?? "")) return;
    return purgeBootstrap.OnceExit?.(root, helpers);
  },
};

export default defineConfig(({ isSsrBuild }) => ({
  css: { postcss: { plugins: [purgeBootstrapOnly] } },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  // The API and database packages stay outside the SSR bundle: server.ts (run by tsx) and the
  // Remix build then share ONE instance of their modules (one pool, one change feed).
  // Exact entries: Vite only externalizes a whole package when its files are .js, ours are .ts.
  ssr: {
    external: [
      "@traveler/api",
      "@traveler/api/server",
      "@traveler/api/schemas",
      "@traveler/db",
      "@traveler/db/schema",
      "@traveler/db/errors",
    ],
  },
  build: {
    // No source maps in the browser bundle; the page weight budget counts what ships.
    sourcemap: false,
    // The same for the production SSR bundle (Rollup decides there, not ssr.external).
    // In the browser build, our shared components and helpers go into ONE chunk instead of a
    // dozen tiny ones: on a slow link each extra file costs a round trip (HTTP/1.1 opens at most
    // six connections per host), which matters more than the few KB some pages do not use.
    rollupOptions: isSsrBuild
      ? { external: [/^@traveler\//] }
      : {
          output: {
            manualChunks: (id: string) =>
              /[\\/]app[\\/](components|lib)[\\/]/.test(id) && !id.includes("altcha")
                ? "ui"
                : undefined,
          },
        },
  },
}));
