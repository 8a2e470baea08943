import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  /** A postgres:// URL for the ordinary `pg` driver. */
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * The embedded default (ARCHITECTURE §3): PGlite (Postgres compiled to WASM) persisted in
 * `dataDir`, served on a loopback socket so the same `pg` code path runs against it.
 *
 * Two facts of this mode: an open transaction holds every other connection's queries until it
 * ends, and LISTEN/NOTIFY does not cross connections (the change notifier handles that).
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port?: number;
}): Promise<EmbeddedDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: options.dataDir });
  const server = new PGLiteSocketServer({
    db: pglite,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: 16,
  });
  await server.start();
  const address = server.getServerConn(); // "host:port"
  return {
    connectionString: `postgres://postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await pglite.close();
    },
  };
}
