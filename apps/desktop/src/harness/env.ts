import { join } from "node:path";
import { z } from "zod";

const schema = z.object({
  HARNESS_PORT: z.coerce.number().int().min(0).max(65_535).default(5180),
  HARNESS_HOST: z.string().default("127.0.0.1"),
  /** Where the harness keeps its SQLite cache (and the token when "keep me signed in"). */
  HARNESS_DATA_DIR: z.string().default(join(process.cwd(), ".data", "harness")),
  /** The API server to prefill on the sign-in screen, e.g. http://127.0.0.1:3000. */
  TRAVELER_SERVER_URL: z.string().url().optional(),
});

export type HarnessEnv = z.infer<typeof schema>;

export function readHarnessEnv(env: NodeJS.ProcessEnv = process.env): HarnessEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid harness environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}
