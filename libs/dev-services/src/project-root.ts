import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root (where package.json, `dist/` and `.cache/` are): the nearest folder above
 * this file with a package.json, so it is the same whether the code runs from the TypeScript
 * sources or from the build in `dist/`.
 */
export const PROJECT_ROOT = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${__dirname}`);
})();
