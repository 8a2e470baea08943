import { createContext, useContext } from "react";

/**
 * What a server-rendered page links to (server only): the URL of each browser module
 * (app/modules, built by scripts/build-modules.ts) and the stylesheet, inlined on a first visit
 * (one round trip less on a slow link) and linked, from the cache, afterwards.
 */
export interface PageAssets {
  /** name -> URL of each browser module */
  modules: Record<string, string>;
  /**
   * name -> code of the small modules, written into the page: a request of its own would cost a
   * round trip (300 ms on a slow link) for a few hundred bytes.
   */
  inlineModules?: Record<string, string>;
  css: { href: string; inline: string | null } | null;
}

const AssetsContext = createContext<PageAssets>({ modules: {}, css: null });
export const PageAssetsProvider = AssetsContext.Provider;
export const usePageAssets = () => useContext(AssetsContext);

/** A browser module's script (deferred, as every module is), inline when it is small. */
export function ModuleScript({ name, nonce }: { name: string; nonce: string }) {
  const assets = usePageAssets();
  const code = assets.inlineModules?.[name];
  if (code) {
    // biome-ignore lint/security/noDangerouslySetInnerHtml: our own built module
    return <script type="module" nonce={nonce} dangerouslySetInnerHTML={{ __html: code }} />;
  }
  const src = assets.modules[name];
  return src ? <script type="module" src={src} nonce={nonce} /> : null;
}
