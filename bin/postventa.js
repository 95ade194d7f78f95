#!/usr/bin/env node
'use strict';
// Development entry point: runs the TypeScript sources directly through SWC (no build step), with
// the project's tsconfig so that decorators and the @postventa/* paths resolve from any working
// directory. The Docker image runs the compiled build instead (`npm run build`: dist/apps/cli/src/main.js).
const { join } = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../apps/cli/src/main.ts');
