import { createContext, useContext } from "react";

/**
 * What a server-rendered page links to (server only): the URL of each browser module
 * (app/modules, built by scripts/build-modules.ts) and the stylesheet, inlined on a first visit
 * (one round trip less on a slow link) and linked, from the cache, afterwards.
 */
export interface PageAssets {
  modules: Record<string, string>;
  css: { href: string; inline: string | null } | null;
}

const AssetsContext = createContext<PageAssets>({ modules: {}, css: null });
export const PageAssetsProvider = AssetsContext.Provider;
export const usePageAssets = () => useContext(AssetsContext);

/** A browser module's script tag (deferred, as every module is), or nothing if it is unknown. */
export function ModuleScript({ name, nonce }: { name: string; nonce: string }) {
  const src = usePageAssets().modules[name];
  return src ? <script type="module" src={src} nonce={nonce} /> : null;
}
