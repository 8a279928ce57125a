import { resolve } from "node:path";

/** The checkout the sandbox runs from: the folder of package.json, above sandbox/. */
export const PROJECT = resolve(__dirname, "..");
