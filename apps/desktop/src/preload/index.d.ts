import type { IpcRequest, IpcResponse } from "../shared/ipc.ts";

declare global {
  interface Window {
    /** Present inside Electron (preload); absent in the harness, which speaks HTTP instead. */
    traveler?: {
      invoke(request: IpcRequest): Promise<IpcResponse>;
      onStatus(listener: (status: unknown) => void): () => void;
    };
  }
}
