import { flowGraph } from './flow-graph';
import { flowSchema } from './flow.schema';

const flow = flowSchema.parse({
  id: 'graph-demo',
  name: 'Graph demo',
  trigger: { event: 'order.delivered' },
  steps: [
    { id: 'thanks', type: 'email', template: 'order-confirmation', category: 'transactional', moment: 'fmot' },
    { id: 'first-use', type: 'wait_for', event: 'product.first_used', timeout: 'P7D', on_timeout: 'nudge' },
    { id: 'nps', type: 'survey', kind: 'nps', template: 'nps-survey', moment: 'smot', name: 'Ask NPS' },
    {
      id: 'route',
      type: 'branch',
      cases: [{ when: 'event.data.score <= 6', next: 'alert' }],
      else: 'end',
    },
    { id: 'nudge', type: 'email', template: 'usage-tips', category: 'marketing', moment: 'smot', next: 'end' },
    { id: 'alert', type: 'alert', severity: 'high', reason: 'detractor' },
  ],
});

describe('flowGraph', () => {
  const graph = flowGraph(flow);

  it('has one node per step, with moment, category and label, and an end node', () => {
    expect(graph.nodes).toEqual([
      { id: 'thanks', type: 'email', moment: 'fmot', category: 'transactional', label: 'email order-confirmation' },
      { id: 'first-use', type: 'wait_for', moment: null, category: null, label: 'wait for product.first_used (P7D)' },
      { id: 'nps', type: 'survey', moment: 'smot', category: 'survey', label: 'Ask NPS' },
      { id: 'route', type: 'branch', moment: null, category: null, label: 'branch' },
      { id: 'nudge', type: 'email', moment: 'smot', category: 'marketing', label: 'email usage-tips' },
      { id: 'alert', type: 'alert', moment: null, category: null, label: 'alert detractor (high)' },
      { id: 'end', type: 'end', moment: null, category: null, label: 'end' },
    ]);
  });

  it('has an edge per way out of each step, labelled with its condition', () => {
    expect(graph.edges).toEqual([
      { from: 'thanks', to: 'first-use' },
      { from: 'first-use', to: 'nps', label: 'on event' },
      { from: 'first-use', to: 'nudge', label: 'on timeout' },
      { from: 'nps', to: 'route' },
      { from: 'route', to: 'alert', label: 'when event.data.score <= 6' },
      { from: 'route', to: 'end', label: 'else' },
      { from: 'nudge', to: 'end' },
      { from: 'alert', to: 'end' },
    ]);
  });

  it('labels split variants with their name and share', () => {
    const split = flowSchema.parse({
      id: 'split-demo',
      name: 'Split',
      trigger: { event: 'order.delivered' },
      steps: [
        {
          id: 'ab',
          type: 'split',
          variants: [
            { name: 'A', percent: 50, next: 'a' },
            { percent: 50, next: 'b' },
          ],
        },
        { id: 'a', type: 'exit' },
        { id: 'b', type: 'exit' },
      ],
    });
    expect(flowGraph(split).edges).toEqual([
      { from: 'ab', to: 'a', label: 'A 50%' },
      { from: 'ab', to: 'b', label: '50%' },
    ]);
  });
});
