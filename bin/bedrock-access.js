#!/usr/bin/env node
// The package's command: the compiled entry point (dist/, what `npm run build` writes and the package ships);
// in a git checkout without a build, the TypeScript one through tsx (a dev dependency, as cdktf runs main.ts here).
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "..", "dist", "scripts", "bedrock-access.js");
if (existsSync(compiled)) {
  require(compiled);
} else {
  require("tsx/cjs");
  require("../scripts/bedrock-access.ts");
}
