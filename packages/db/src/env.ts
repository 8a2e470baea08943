import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root's `.data/` folder: where the embedded database lives by default. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../../.data", import.meta.url));

const schema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, message: "must be a postgres:// URL" })
    .optional(),
  TRAVELER_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
});

export type DbEnv = z.infer<typeof schema>;

/** Reads the database settings of the db command-line scripts; fails naming every bad field. */
export function readDbEnv(env: Record<string, string | undefined> = process.env): DbEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
