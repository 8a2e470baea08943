import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ isSsrBuild }) => ({
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
    ],
  },
  build: {
    // No source maps in the browser bundle; the page weight budget counts what ships.
    sourcemap: false,
    // The same for the production SSR bundle (Rollup decides there, not ssr.external).
    rollupOptions: isSsrBuild ? { external: [/^@traveler\//] } : {},
  },
}));
