import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedIsoDurationMs, makeEvent } from '@postventa/contracts';
import { loadFlowFromYaml, simulate, validateFlowSource, type FlowDefinition } from '@postventa/journeys';
import { loadFlowDirectory } from '@postventa/flows';
import { loadDemoFlows, MAX_FLOW_SPEED, scaleFlowSource, shippedFlowOf } from './demo-flows';
import { generateDemoStore, type DemoStore } from './demo-store.generator';
import { expectedSurveys } from './demo-survey.responder';

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

  /** NPS surveys `demo-smot-onboarding` at `speed` sends each customer of `store`, simulated. */
  function simulatedNps(store: DemoStore, speed: number, horizon: string): Map<string, number> {
    const source = scaleFlowSource(load(join(DEMO, 'demo-smot-onboarding.yaml')).source, speed);
    const loaded = loadFlowFromYaml(source, 'demo', { templates });
    if (!loaded.ok) throw new Error('invalid');
    const start = Date.UTC(2026, 0, 1, 12);
    const surveys = new Map<string, number>();
    for (const customer of store.customers) {
      const events = store.events
        .filter((e) => e.subject === customer.id)
        .map((e) => makeEvent(e.type, e.subject, e.data, { id: e.id, time: new Date(start + e.at).toISOString() }));
      if (!events.some((e) => e.type === 'order.placed')) continue;
      const simulation = simulate(loaded.flow, events, { customer: { id: customer.id }, horizon });
      const sent = simulation.entries.filter((e) => e.kind === 'command' && e.detail.startsWith('survey.send nps'));
      if (sent.length > 0) surveys.set(customer.id, sent.length);
    }
    return surveys;
  }

  it('takes a demo customer from order to NPS survey within two minutes', () => {
    const store = generateDemoStore({
      customers: 30,
      seed: 1,
      runId: 'sim',
      durationMs: 120_000,
      speed: 1,
      responseRate: 0.5,
    });
    expect(simulatedNps(store, 1, 'PT2M').size).toBeGreaterThan(5);
  });

  it.each([1, 5])('sends the NPS surveys the demo customers wait for, at --speed %s', (speed) => {
    const store = generateDemoStore({
      customers: 60,
      seed: 7,
      runId: 'sim',
      durationMs: 12_000,
      speed,
      responseRate: 0.6,
    });
    const simulated = simulatedNps(store, speed, 'PT10M');
    const expected = expectedSurveys(store, speed);
    const refunded = new Set(store.events.filter((e) => e.type === 'order.refunded').map((e) => e.subject));
    expect(simulated.size).toBeGreaterThan(20);
    for (const customer of store.customers) {
      const nps = expected.get(customer.id)?.nps ?? 0;
      // A refund ends the journey, mostly before its survey: that survey is answered if it comes, not waited for.
      if (refunded.has(customer.id)) expect(simulated.get(customer.id) ?? 0).toBeGreaterThanOrEqual(nps);
      else expect([customer.id, simulated.get(customer.id) ?? 0]).toEqual([customer.id, nps]);
    }
  });
});

describe('demo flows at --speed', () => {
  const source = readFileSync(join(DEMO, 'demo-smot-onboarding.yaml'), 'utf8');

  it('divides every wait, timeout, goal and frequency-cap window, to a tenth of a second', () => {
    const scaled = scaleFlowSource(source, 4);
    expect(scaled).toMatch(/^# postventa demo --speed 4: /);
    expect(scaled).toContain('    duration: PT2.5S\n'); // PT10S
    expect(scaled).toContain('    timeout: PT30S\n'); // PT2M
    expect(scaled).toContain('    timeout: PT18.8S\n'); // PT75S
    expect(scaled).toContain('    within: PT150S\n'); // goal PT10M
    expect(scaled).toContain('    within: PT30S\n'); // frequency cap PT2M
    expect(scaled.match(/(?:duration|timeout|within):\s*(P\S+)/g)).toHaveLength(
      source.match(/(?:duration|timeout|within):\s*(P\S+)/g)!.length,
    );
    expect(
      scaled
        .replace(/(duration|timeout|within):\s*P\S+/g, '$1')
        .split('\n')
        .slice(1),
    ).toEqual(source.replace(/(duration|timeout|within):\s*P\S+/g, '$1').split('\n'));
  });

  it('keeps a wait of a second at least, and the flows as they are at speed 1', () => {
    expect(scaleFlowSource('steps:\n  - id: w\n    type: wait\n    duration: PT5S\n', 10)).toContain('duration: PT1S');
    expect(scaleFlowSource(source, 1)).toBe(source);
  });

  it(`loads valid demo flows at up to --speed ${MAX_FLOW_SPEED}, as new versions`, () => {
    const plain = loadDemoFlows(DEMO, join(FLOWS, 'templates'), 1);
    const fast = loadDemoFlows(DEMO, join(FLOWS, 'templates'), MAX_FLOW_SPEED);
    expect(fast.issues).toEqual([]);
    expect(fast.flows.map((f) => f.definition.id)).toEqual(plain.flows.map((f) => f.definition.id));
    for (const [i, flow] of fast.flows.entries()) expect(flow.version).not.toBe(plain.flows[i].version);
    const smot = fast.flows.find((f) => f.definition.id === 'demo-smot-onboarding')!.definition;
    expect(smot.steps.find((s) => s.id === 'wait-before-survey')).toMatchObject({ duration: 'PT1S' });
  });
});
