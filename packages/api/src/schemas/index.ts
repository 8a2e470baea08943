/** zod schemas safe to import in a browser or the console (no server code). */
export * from "./auth.ts";
export * from "./common.ts";
export * from "./customer.ts";
export * from "./email.ts";
export * from "./feedback.ts";
export * from "./files.ts";
export * from "./job-timeline.ts";
export * from "./labels.ts";
export * from "./messages.ts";
export * from "./print.ts";
export * from "./proofs.ts";
export * from "./quotes.ts";
export * from "./report.ts";
export * from "./shop-time.ts";
export * from "./snapshot.ts";
export * from "./staff.ts";
export * from "./sync-tables.ts";
