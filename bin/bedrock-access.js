#!/usr/bin/env node
// The package's command: runs the TypeScript entry point through tsx (as cdktf runs main.ts).
require("tsx/cjs");
require("../scripts/bedrock-access.ts");
