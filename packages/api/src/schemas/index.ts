/** zod schemas safe to import in a browser or the console (no server code). */
export {};
