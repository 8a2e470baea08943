/** One tRPC operation over Electron IPC (errors cross as values, never as lost exceptions). */
export interface IpcRequest {
  type: "query" | "mutation";
  path: string;
  input: unknown;
}

export type IpcResponse =
  | { ok: true; value: unknown }
  | { ok: false; error: { message: string; code: string; data?: unknown } };
