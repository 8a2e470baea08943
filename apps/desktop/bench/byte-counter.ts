/**
 * Bench support: a TCP proxy to a local port that counts the bytes the server sends back. It runs
 * in a worker thread: in the bench's own thread it would stall whenever the console under test
 * is busy (the console applies pages synchronously) and so slow the very thing it measures.
 */
import net from "node:net";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

if (!isMainThread) {
  const counter = new Int32Array(workerData.shared as SharedArrayBuffer);
  const server = net.createServer((client) => {
    const upstream = net.connect(workerData.targetPort as number, "127.0.0.1");
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => Atomics.add(counter, 0, chunk.length));
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  server.listen(0, "127.0.0.1", () => {
    parentPort!.postMessage((server.address() as net.AddressInfo).port);
  });
}

export async function startByteCounter(targetPort: number) {
  const shared = new SharedArrayBuffer(4);
  const counter = new Int32Array(shared);
  const worker = new Worker(new URL(import.meta.url), { workerData: { targetPort, shared } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    port,
    received: () => Atomics.load(counter, 0),
    reset: () => Atomics.store(counter, 0, 0),
    close: () => worker.terminate().then(() => undefined),
  };
}
