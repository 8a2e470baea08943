import type { Migration } from "kysely/migration";
import * as m0001 from "./0001_init.ts";

/** Every migration, in order. Forward-only: never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  "0001_init": m0001,
};
