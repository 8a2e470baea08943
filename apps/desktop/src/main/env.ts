/** The only place the Electron main process reads its environment. */
export const mainEnv = {
  /** Set by `electron-vite dev`: the renderer's dev server. */
  rendererDevUrl: process.env.ELECTRON_RENDERER_URL ?? null,
};
