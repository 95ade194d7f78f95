import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedIsoDurationMs, makeEvent } from '@postventa/contracts';
import { loadFlowFromYaml, simulate, validateFlowSource, type FlowDefinition } from '@postventa/journeys';
import { loadFlowDirectory } from '@postventa/flows';
import { shippedFlowOf } from './demo-flows';
import { generateDemoStore } from './demo-store.generator';

const FLOWS = join(__dirname, '..', '..', '..', '..', 'flows');
const DEMO = join(FLOWS, 'demo');
const templates = new Set(
  readdirSync(join(FLOWS, 'templates'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !['layouts', 'partials', 'locales'].includes(e.name))
    .map((e) => e.name),
);

function load(file: string): { source: string; definition: FlowDefinition } {
  const source = readFileSync(file, 'utf8');
  const result = validateFlowSource(source, file, { templates });
  if (!result.valid) throw new Error(result.errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('\n'));
  return { source, definition: result.definition };
}

describe('demo flows (flows/demo)', () => {
  const ids = (dir: string) => loadFlowDirectory(dir, join(FLOWS, 'templates')).flows.map((f) => f.definition.id);

  it('copies each shipped flow under a demo- id, and the normal runs do not read them', () => {
    const demo = loadFlowDirectory(DEMO, join(FLOWS, 'templates'));
    expect(demo.issues).toEqual([]);
    expect(demo.flows.map((f) => shippedFlowOf(f.definition.id))).toEqual(ids(FLOWS));
    expect(ids(FLOWS).filter((id) => id.startsWith('demo-'))).toEqual([]);
    expect(shippedFlowOf('smot-onboarding')).toBeNull();
  });

  it.each(ids(FLOWS))('demo-%s is valid, has the same steps, and waits minutes at most', (id) => {
    const original = load(join(FLOWS, `${id}.yaml`)).definition;
    const { source, definition } = load(join(DEMO, `demo-${id}.yaml`));
    expect(definition.trigger).toEqual(original.trigger);
    expect(definition.steps.map((s) => [s.id, s.type])).toEqual(original.steps.map((s) => [s.id, s.type]));
    for (const [, duration] of source.matchAll(/(?:duration|timeout|within):\s*(P\S+)/g)) {
      const ms = fixedIsoDurationMs(duration);
      expect(ms).not.toBeNull();
      expect(ms!).toBeLessThanOrEqual(10 * 60_000);
    }
    expect(source).not.toMatch(/quiet_hours|until_time/);
  });

  it('takes a demo customer from order to NPS survey within two minutes', () => {
    const loaded = loadFlowFromYaml(load(join(DEMO, 'demo-smot-onboarding.yaml')).source, 'demo', { templates });
    if (!loaded.ok) throw new Error('invalid');
    const store = generateDemoStore({
      customers: 30,
      seed: 1,
      runId: 'sim',
      durationMs: 120_000,
      speed: 1,
      responseRate: 0.5,
    });
    const start = Date.UTC(2026, 0, 1, 12);
    const withSurvey = store.customers.filter((customer) => {
      const events = store.events
        .filter((e) => e.subject === customer.id)
        .map((e) => makeEvent(e.type, e.subject, e.data, { id: e.id, time: new Date(start + e.at).toISOString() }));
      if (!events.some((e) => e.type === 'order.placed')) return false;
      const simulation = simulate(loaded.flow, events, { customer: { id: customer.id }, horizon: 'PT2M' });
      return simulation.entries.some((e) => e.kind === 'command' && e.detail.startsWith('survey.send nps'));
    });
    expect(withSurvey.length).toBeGreaterThan(5);
  });
});
