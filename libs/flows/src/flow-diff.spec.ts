import { flowSchema, type FlowDefinition } from '@postventa/journeys';
import { describeFlowChanges } from './flow-diff';

const base = {
  id: 'f',
  name: 'F',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'a', type: 'email', template: 'welcome', category: 'transactional' },
    { id: 'b', type: 'wait', duration: 'P1D' },
    { id: 'c', type: 'email', template: 'bye', category: 'transactional' },
  ],
};
const parse = (value: unknown): FlowDefinition => flowSchema.parse(value);

describe('describeFlowChanges', () => {
  it('names changed sections and added, removed, changed and reordered steps', () => {
    const before = parse(base);
    const after = parse({
      ...base,
      trigger: { event: 'order.paid' },
      steps: [base.steps[2], { ...base.steps[1], duration: 'P2D' }, { id: 'd', type: 'exit' }],
    });
    expect(describeFlowChanges(before, after)).toEqual([
      'trigger changed',
      "step 'b' changed",
      "step 'd' added (exit)",
      "step 'a' removed",
      'steps reordered',
    ]);
  });

  it('is empty when nothing but formatting changed', () => {
    expect(describeFlowChanges(parse(base), parse(structuredClone(base)))).toEqual([]);
  });
});
