import { contextBridge, ipcRenderer } from "electron";
import type { IpcRequest, IpcResponse } from "../shared/ipc.ts";

/** The one typed channel the renderer gets: a tRPC operation in, a result value out. */
const api = {
  invoke: (request: IpcRequest): Promise<IpcResponse> =>
    ipcRenderer.invoke("traveler:trpc", request),
  /** The core's status, pushed whenever it changes; returns the unsubscribe function. */
  onStatus: (listener: (status: unknown) => void): (() => void) => {
    const handler = (_event: unknown, status: unknown) => listener(status);
    ipcRenderer.on("traveler:status", handler);
    return () => ipcRenderer.removeListener("traveler:status", handler);
  },
};

contextBridge.exposeInMainWorld("traveler", api);
