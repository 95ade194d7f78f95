import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RiskModelError, RiskModelErrorCode } from './risk-model.error';
import { defaultRiskModel, parseRiskModel, riskModelSchema, safeParseRiskModel } from './risk-model.schema';

const shippedYaml = readFileSync(join(__dirname, '../../../config/risk.yaml'), 'utf8');

function errorOf(yamlText: string): RiskModelError {
  const result = safeParseRiskModel(yamlText);
  if (result.ok) throw new Error('expected the model to be rejected');
  return result.error;
}

describe('risk model', () => {
  it('ships config/risk.yaml with exactly the TypeScript defaults', () => {
    expect(parseRiskModel(shippedYaml)).toEqual(defaultRiskModel);
  });

  it.each([
    ['empty text', ''],
    ['only comments', '# nothing here\n'],
    ['an empty mapping', '{}'],
  ])('gives the defaults for %s', (_name, text) => {
    expect(parseRiskModel(text)).toEqual(defaultRiskModel);
  });

  it('fills every field left out with its default', () => {
    const model = parseRiskModel('reasons:\n  detractor:\n    weight: 40\nalert_threshold: 60\n');
    expect(model.reasons.detractor).toEqual({ ...defaultRiskModel.reasons.detractor, weight: 40 });
    expect(model.alert_threshold).toBe(60);
    expect(model.reasons.refund_requested).toEqual(defaultRiskModel.reasons.refund_requested);
    expect(model.levels).toEqual(defaultRiskModel.levels);
  });

  it('keeps the defaults frozen', () => {
    expect(Object.isFrozen(defaultRiskModel.reasons.detractor)).toBe(true);
    expect(riskModelSchema.parse({})).toEqual(defaultRiskModel);
  });

  it.each([
    ['a weight out of range', 'reasons:\n  refund_requested:\n    weight: 150\n', 'reasons.refund_requested.weight'],
    ['a weight of the wrong type', 'reasons:\n  detractor:\n    weight: heavy\n', 'reasons.detractor.weight'],
    ['a calendar duration', 'reasons:\n  no_first_use:\n    after: P1M\n', 'reasons.no_first_use.after'],
    ['a malformed duration', 'reasons:\n  low_csat:\n    window: 7 days\n', 'reasons.low_csat.window'],
    ['an NPS cut-off off the scale', 'reasons:\n  detractor:\n    max_score: 11\n', 'reasons.detractor.max_score'],
    ['a ratio of 1', 'reasons:\n  usage_drop:\n    ratio: 1\n', 'reasons.usage_drop.ratio'],
    ['an unknown reason', 'reasons:\n  detractorr:\n    weight: 10\n', 'reasons.detractorr'],
    ['an unknown top-level key', 'alert_treshold: 50\n', 'alert_treshold'],
    ['levels out of order', 'levels:\n  medium: 60\n', 'levels.high'],
    ['overlapping survey cut-offs', 'surveys:\n  positive:\n    nps_min: 6\n', 'surveys.positive.nps_min'],
    [
      'a silence window shorter than its grace',
      'reasons:\n  no_first_use:\n    after: P30D\n    window: P20D\n',
      'reasons.no_first_use.window',
    ],
    ['a list instead of a mapping', '- 1\n- 2\n', '(root)'],
  ])('rejects %s, naming the path', (_name, text, path) => {
    const error = errorOf(text);
    expect(error).toBeInstanceOf(RiskModelError);
    expect(error.code).toBe(RiskModelErrorCode.Invalid);
    expect(error.area).toBe('risk');
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
  });

  it('reports YAML syntax errors with their own code', () => {
    const error = errorOf('reasons:\n  detractor: [1, 2\n');
    expect(error.code).toBe(RiskModelErrorCode.Syntax);
    expect(error.problems[0].message).toMatch(/line/i);
  });

  it('rejects duplicate keys instead of keeping the last one', () => {
    expect(errorOf('alert_threshold: 50\nalert_threshold: 60\n').code).toBe(RiskModelErrorCode.Syntax);
  });

  it('throws the coded error from parseRiskModel', () => {
    expect(() => parseRiskModel('change_delta: 0\n')).toThrow(RiskModelError);
    expect(() => parseRiskModel('change_delta: 0\n')).toThrow(/change_delta/);
  });
});
