import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { setState } from "../core/cache/sync-state.ts";
import { DesktopCore } from "../core/desktop-core.ts";
import { readHarnessEnv } from "./env.ts";
import { fileVault } from "./file-vault.ts";
import { startHarnessServer } from "./harness-server.ts";

/** `npm run harness -w @traveler/desktop`: the console core in plain Node + the renderer over HTTP. */
const env = readHarnessEnv();
mkdirSync(env.HARNESS_DATA_DIR, { recursive: true });
const core = new DesktopCore({
  cacheFile: join(env.HARNESS_DATA_DIR, "cache.sqlite"),
  vault: fileVault(join(env.HARNESS_DATA_DIR, "session.token")),
});
if (env.TRAVELER_SERVER_URL && !core.rememberedServer()) {
  setState(core.db, "remembered_server", env.TRAVELER_SERVER_URL);
}
core.start();
const server = await startHarnessServer({
  core,
  rendererDir: resolve(import.meta.dirname, "../../out/renderer"),
  port: env.HARNESS_PORT,
  host: env.HARNESS_HOST,
});
console.log(`Traveler console harness: ${server.url}`);

const shutdown = async () => {
  await server.close();
  core.close();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
