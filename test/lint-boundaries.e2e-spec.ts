import { LintProbe, lintProbes } from './support/lint-probe';

/** The messages of the app-boundary rule, per probe. */
async function boundaryFindings(probes: LintProbe[]): Promise<string[][]> {
  const findings = await lintProbes(probes);
  return findings.map((messages) =>
    messages.filter((m) => m.ruleId === 'boundaries/app-imports').map((m) => m.message),
  );
}

describe('lint keeps apps and libs apart', () => {
  it('fails an app importing another app, a library importing an app, and the CLI reaching past an entry point', async () => {
    const [crossApp, libToApp, cli, own] = await boundaryFindings([
      {
        path: 'apps/engine/src/flows/probe.ts',
        code: [
          "import { gatewayApp } from '../../../gateway/src/gateway.module';",
          "import { dispatcherApp } from '../../../dispatcher/src';",
          "import type { Kpis } from 'apps/gateway/src/dashboard/dashboard-kpis';",
          'export const later = () => import("../../../gateway/src/ingest/request-auth");',
          'export type Probe = [typeof gatewayApp, typeof dispatcherApp, Kpis];',
        ].join('\n'),
      },
      { path: 'libs/journeys/src/probe.ts', code: "export { engineApp } from '../../../apps/engine/src';\n" },
      {
        path: 'apps/cli/src/commands/probe.ts',
        code: [
          "export { engineApp } from '../../../engine/src';",
          "export { gatewayApp } from '../../../gateway/src/index';",
          "export { signBody } from '../../../gateway/src/ingest/request-auth';",
        ].join('\n'),
      },
      {
        path: 'apps/engine/src/flows/probe.ts',
        code: [
          "export { engineApp } from '../engine.module';",
          "export { AppConfig } from '@postventa/platform';",
        ].join('\n'),
      },
    ]);
    // Relative, root-relative and dynamic imports of another app are all caught.
    expect(crossApp).toHaveLength(4);
    expect(crossApp[0]).toContain('apps/engine must not import apps/gateway');
    expect(libToApp).toEqual([expect.stringContaining('libs/ must not import apps/')]);
    // The CLI may import apps/<app>/src (its index.ts), nothing deeper.
    expect(cli).toEqual([expect.stringContaining('entry point only')]);
    expect(own).toEqual([]);
  });
});
