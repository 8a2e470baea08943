import type { Migration } from "kysely/migration";
import * as m0001 from "./0001_init.ts";
import * as m0002 from "./0002_auth_throttle.ts";
import * as m0003 from "./0003_email.ts";
import * as m0004 from "./0004_shop_time_zone.ts";
import * as m0005 from "./0005_shop_floor.ts";
import * as m0006 from "./0006_text_limits.ts";
import * as m0007 from "./0007_files.ts";
import * as m0008 from "./0008_proofs.ts";
import * as m0009 from "./0009_messages_quotes.ts";
import * as m0010 from "./0010_job_ratings.ts";
import * as m0011 from "./0011_shop_currency.ts";
import * as m0012 from "./0012_shop_settings_txid_index.ts";

/** Every migration, in order. Forward-only: never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  "0001_init": m0001,
  "0002_auth_throttle": m0002,
  "0003_email": m0003,
  "0004_shop_time_zone": m0004,
  "0005_shop_floor": m0005,
  "0006_text_limits": m0006,
  "0007_files": m0007,
  "0008_proofs": m0008,
  "0009_messages_quotes": m0009,
  "0010_job_ratings": m0010,
  "0011_shop_currency": m0011,
  "0012_shop_settings_txid_index": m0012,
};
