import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { safeStorage } from "electron";
import type { TokenVault } from "../core/desktop-core.ts";

/** The session token, encrypted with the OS keychain through Electron safeStorage. */
export function safeStorageVault(file: string): TokenVault {
  return {
    load() {
      if (!existsSync(file) || !safeStorage.isEncryptionAvailable()) return null;
      try {
        return safeStorage.decryptString(readFileSync(file));
      } catch {
        return null;
      }
    },
    save(token) {
      if (token === null) {
        rmSync(file, { force: true });
        return;
      }
      // Without OS encryption the token is not kept: the user signs in at each start.
      if (!safeStorage.isEncryptionAvailable()) return;
      writeFileSync(file, safeStorage.encryptString(token), { mode: 0o600 });
    },
  };
}
