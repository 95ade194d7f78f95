import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file the dashboard serves: its bytes and content type, read once at start-up. */
export interface StaticFile {
  body: Buffer;
  type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The dashboard's own files (`public/`, shipped next to the compiled code by `nest build`). */
export const PUBLIC_DIR = join(__dirname, 'public');

/**
 * Third-party browser files, from the installed npm packages (no CDN: the dashboard works
 * offline). A fixed allow-list: the URL name is looked up here, never joined to a path.
 */
const VENDOR_FILES: Readonly<Record<string, () => string>> = {
  'chart.umd.min.js': () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
  'dagre.min.js': () => join(dirname(require.resolve('@dagrejs/dagre')), 'dagre.min.js'),
};

const OWN_FILE = /^[a-z0-9][a-z0-9-]*\.(js|css|html|svg)$/;

function load(path: string): StaticFile {
  const ext = path.slice(path.lastIndexOf('.'));
  return { body: readFileSync(path), type: TYPES[ext] ?? 'application/octet-stream' };
}

/** The dashboard's files by URL name: `assets` (own) and `vendor` (npm packages). */
export class DashboardFiles {
  readonly assets = new Map<string, StaticFile>();
  readonly vendor = new Map<string, StaticFile>();

  constructor(dir = PUBLIC_DIR) {
    for (const name of readdirSync(dir)) if (OWN_FILE.test(name)) this.assets.set(name, load(join(dir, name)));
    for (const [name, resolve] of Object.entries(VENDOR_FILES)) this.vendor.set(name, load(resolve()));
  }

  page(): StaticFile {
    const page = this.assets.get('index.html');
    if (!page) throw new Error(`The dashboard page is missing from ${PUBLIC_DIR}`);
    return page;
  }
}
