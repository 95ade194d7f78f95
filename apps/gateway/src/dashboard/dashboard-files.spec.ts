import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DashboardFiles, PUBLIC_DIR } from './dashboard-files';

describe('DashboardFiles', () => {
  const files = new DashboardFiles();

  it('serves the page, its modules and styles, and the two vendor scripts, by name only', () => {
    expect([...files.vendor.keys()].sort()).toEqual(['chart.umd.min.js', 'dagre.min.js']);
    expect(files.vendor.get('chart.umd.min.js')?.type).toBe('text/javascript; charset=utf-8');
    expect(files.assets.get('dashboard.css')?.type).toBe('text/css; charset=utf-8');
    expect(files.page().body.toString('utf8')).toContain('<main id="main">');
    for (const name of ['../package.json', '..', '', 'app.js/../../dashboard.controller.ts', 'APP.JS'])
      expect(files.assets.has(name)).toBe(false);
  });

  it('has every file the page and its modules name', () => {
    const page = readFileSync(join(PUBLIC_DIR, 'index.html'), 'utf8');
    for (const [, kind, name] of page.matchAll(/"\/dashboard\/(assets|vendor)\/([^"]+)"/g))
      expect([kind, name, (kind === 'assets' ? files.assets : files.vendor).has(name)]).toEqual([kind, name, true]);
    for (const [name, file] of files.assets) {
      if (!name.endsWith('.js')) continue;
      for (const [, imported] of file.body.toString('utf8').matchAll(/from '\.\/([^']+)'/g))
        expect([name, imported, files.assets.has(imported)]).toEqual([name, imported, true]);
      // Data reaches the page as text: no HTML parsing of strings anywhere.
      expect(file.body.toString('utf8')).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
  });
});
