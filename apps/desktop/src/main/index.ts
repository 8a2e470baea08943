import { join } from "node:path";
import { app, BrowserWindow, ipcMain, Menu, session, shell } from "electron";
import { DesktopCore } from "../core/desktop-core.ts";
import { handleIpcRequest } from "../core/ipc-handler.ts";
import type { IpcRequest } from "../shared/ipc.ts";
import { mainEnv } from "./env.ts";
import { openDownloadsInSystemApp } from "./open-downloads.ts";
import { electronPrinter } from "./printer.ts";
import { safeStorageVault } from "./vault.ts";

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

let core: DesktopCore | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: "Traveler",
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, "../preload/index.cjs"),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    },
  });
  win.once("ready-to-show", () => win.show());
  // Links open in the system browser, never inside the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith("https://") || url.startsWith("http://")) void shell.openExternal(url);
    return { action: "deny" };
  });
  win.webContents.on("will-navigate", (event) => event.preventDefault());
  const devUrl = mainEnv.rendererDevUrl;
  if (!app.isPackaged && devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(import.meta.dirname, "../renderer/index.html"));
  return win;
}

function buildMenu(): void {
  const send = (shortcut: string) => () =>
    BrowserWindow.getFocusedWindow()?.webContents.sendInputEvent({
      type: "keyDown",
      keyCode: shortcut,
      modifiers: ["control"],
    });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: "fileMenu" },
      { role: "editMenu" },
      {
        label: "Jobs",
        submenu: [
          { label: "New job", accelerator: "CmdOrCtrl+N", click: send("N") },
          { label: "Search", accelerator: "CmdOrCtrl+K", click: send("K") },
        ],
      },
      { role: "viewMenu" },
      { role: "windowMenu" },
    ]),
  );
}

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, "Content-Security-Policy": [CSP] },
    });
  });
  openDownloadsInSystemApp(session.defaultSession);
  const dataDir = app.getPath("userData");
  core = new DesktopCore({
    cacheFile: join(dataDir, "traveler-cache.sqlite"),
    vault: safeStorageVault(join(dataDir, "session.bin")),
  });
  core.start();
  const printer = electronPrinter(() => BrowserWindow.getFocusedWindow());
  ipcMain.handle("traveler:trpc", (_event, request: IpcRequest) =>
    handleIpcRequest({ core: core!, printer }, request),
  );
  // Status pushes (sync state, queued writes, new data): screens refetch on them, no polling.
  core.onStatus((view) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send("traveler:status", view);
  });
  buildMenu();
  createWindow();
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on("window-all-closed", () => {
  // macOS keeps the app (and its core) alive without windows; elsewhere closing the last window quits.
  if (process.platform !== "darwin") app.quit();
});

app.on("will-quit", () => {
  core?.close();
  core = null;
});
