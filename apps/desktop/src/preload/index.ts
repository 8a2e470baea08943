import { contextBridge, ipcRenderer } from "electron";
import type { IpcRequest, IpcResponse } from "../shared/ipc.ts";

/** The one typed channel the renderer gets: a tRPC operation in, a result value out. */
const api = {
  invoke: (request: IpcRequest): Promise<IpcResponse> =>
    ipcRenderer.invoke("traveler:trpc", request),
};

contextBridge.exposeInMainWorld("traveler", api);
