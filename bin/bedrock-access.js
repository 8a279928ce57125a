#!/usr/bin/env node
// The package's command. In a git checkout (the TypeScript sources are here) it runs them through tsx, a dev
// dependency, as cdktf runs main.ts, so a stale dist/ from an earlier build never runs instead of the sources.
// The installed package ships no sources: there it runs the compiled entry point that `npm run build` writes.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const source = join(__dirname, "..", "scripts", "bedrock-access.ts");
if (existsSync(source)) {
  require("tsx/cjs");
  require(source);
} else {
  require(join(__dirname, "..", "dist", "scripts", "bedrock-access.js"));
}
