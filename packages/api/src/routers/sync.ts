import { router } from "../trpc.ts";

export const syncRouter = router({});
