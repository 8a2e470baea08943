import { holdWriteTransaction } from "./hold-transaction.ts";

/**
 * Vitest globalSetup for test projects that bring their own databases (the portal's HTTP tests):
 * another application's write transaction stays open on the same server for the whole run, as
 * in the main global setup.
 */
export default async function setup(): Promise<() => Promise<void>> {
  return holdWriteTransaction("vitest");
}
