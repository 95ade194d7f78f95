#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources directly through SWC (fast, no build step), with the project's
// tsconfig so that decorators and the @postventa/* paths resolve from any working directory.
const { join } = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../apps/cli/src/main.ts');
