/**
 * The real API in a process of its own (tests that need to freeze the server with SIGSTOP):
 * `tsx api-server-process.ts <database url>` migrates nothing, creates the staff account "desk"
 * and prints `READY <url>` once it listens on a free port.
 */
import { createDb } from "@traveler/db";
import { createStaff, startApiTestServer } from "./api-test-server.ts";

const connectionString = process.argv[2];
if (!connectionString) throw new Error("usage: api-server-process.ts <database url>");
const handle = createDb({ connectionString, max: 4 });
const database = {
  ...handle,
  name: "child",
  connectionString,
  drop: () => handle.close(),
};
const api = await startApiTestServer(database);
await createStaff(database, api.services, "desk");
console.log(`READY ${api.url()}`);
const stop = async () => {
  await api.close();
  await handle.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
