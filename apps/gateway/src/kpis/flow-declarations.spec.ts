import { declaredGoals, declaredSteps, FlowDeclarations } from './flow-declarations';

const definition = {
  id: 'custom',
  goals: [{ id: 'left-review', event: 'review.posted', within: 'P30D' }],
  steps: [
    { id: 'thanks', type: 'email', template: 'my-thanks', category: 'transactional', moment: 'fmot' },
    { id: 'ask', type: 'survey', kind: 'nps', template: 'my-nps', moment: 'smot' },
    { id: 'happy', type: 'branch', cases: [{ when: 'journey.last_score >= 9', next: 'review' }], else: 'end' },
    { id: 'review', type: 'email', template: 'my-review', category: 'marketing', moment: 'tmot' },
    { id: 'wait', type: 'wait_for', event: 'product.first_used', timeout: 'P3D', on_timeout: 'done', moment: 'bogus' },
    { id: 'done', type: 'exit' },
  ],
};

describe('flow declarations', () => {
  it('reads what each step declares and its arrows', () => {
    const steps = declaredSteps(definition);
    expect(steps.map((s) => [s.id, s.type, s.moment, s.category, s.survey_kind, s.template])).toEqual([
      ['thanks', 'email', 'fmot', 'transactional', null, 'my-thanks'],
      ['ask', 'survey', 'smot', 'survey', 'nps', 'my-nps'],
      ['happy', 'branch', null, null, null, null],
      ['review', 'email', 'tmot', 'marketing', null, 'my-review'],
      ['wait', 'wait_for', null, null, null, null],
      ['done', 'exit', null, null, null, null],
    ]);
    expect(steps[2].edges).toEqual([
      { to: 'review', label: 'when journey.last_score >= 9' },
      { to: 'end', label: 'else' },
    ]);
    expect(steps[4].edges).toEqual([
      { to: 'done', label: 'on event' },
      { to: 'done', label: 'on timeout' },
    ]);
    expect(steps[5].edges).toEqual([]);
    expect(declaredGoals(definition)).toEqual([{ id: 'left-review', event: 'review.posted', within: 'P30D' }]);
    expect(declaredSteps(null)).toEqual([]);
  });

  it('looks steps up by the version a journey ran, and finds steps by declaration', () => {
    const v1 = { ...definition, steps: [{ id: 'review', type: 'email', template: 'old', category: 'marketing' }] };
    const flows = FlowDeclarations.fromRows([
      { flow_id: 'custom', number: 1, name: 'Custom', status: 'active', definition: v1 },
      { flow_id: 'custom', number: 2, name: 'Custom', status: 'active', definition },
    ]);
    expect(flows.step('custom', 1, 'review')?.moment).toBeNull();
    expect(flows.step('custom', 2, 'review')?.moment).toBe('tmot');
    expect(flows.step('custom', 9, 'review')?.moment).toBe('tmot');
    expect(flows.flows().map((f) => f.number)).toEqual([2]);
    expect(flows.stepsWhere((s) => s.moment === 'tmot' && s.type === 'email')).toEqual([
      { flow_id: 'custom', flow_version: 2, step_id: 'review' },
    ]);
  });
});
