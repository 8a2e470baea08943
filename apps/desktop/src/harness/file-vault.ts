import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { TokenVault } from "../core/desktop-core.ts";

/** The harness has no OS keychain: the token sits in a 0600 file (test and demo use only). */
export function fileVault(file: string): TokenVault {
  return {
    load: () => (existsSync(file) ? readFileSync(file, "utf8").trim() || null : null),
    save(token) {
      if (token === null) rmSync(file, { force: true });
      else writeFileSync(file, token, { mode: 0o600 });
    },
  };
}
