/**
 * Test support: a TCP proxy in a worker thread that counts the requests for one path passing
 * through it, readable at any moment (even while the test's own thread is blocked) through
 * shared memory. The worker is plain JavaScript so it needs no TypeScript loader.
 */
import { Worker } from "node:worker_threads";

const WORKER = `
const net = require("node:net");
const { parentPort, workerData } = require("node:worker_threads");
const counter = new Int32Array(workerData.shared);
const needle = Buffer.from(workerData.needle);
const server = net.createServer((client) => {
  const upstream = net.connect(workerData.targetPort, "127.0.0.1");
  client.on("data", (chunk) => {
    for (let at = chunk.indexOf(needle); at !== -1; at = chunk.indexOf(needle, at + 1)) {
      Atomics.add(counter, 0, 1);
    }
  });
  client.pipe(upstream);
  upstream.pipe(client);
  const end = () => { client.destroy(); upstream.destroy(); };
  client.on("close", end).on("error", end);
  upstream.on("close", end).on("error", end);
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

export async function startRequestCounter(targetPort: number, needle: string) {
  const shared = new SharedArrayBuffer(4);
  const counter = new Int32Array(shared);
  const worker = new Worker(WORKER, { eval: true, workerData: { targetPort, shared, needle } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    /** Requests seen so far whose bytes contain the needle. */
    count: () => Atomics.load(counter, 0),
    close: () => worker.terminate().then(() => undefined),
  };
}
