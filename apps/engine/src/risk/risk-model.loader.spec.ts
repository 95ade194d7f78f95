import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRiskModel } from './risk-model.loader';

describe('loadRiskModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'risk-model-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads the shipped model', () => {
    expect(loadRiskModel('config/risk.yaml').alert_threshold).toBe(50);
  });

  it('stops start-up naming the file, the variable and the bad value', () => {
    const path = file('bad.yaml', 'reasons:\n  detractor:\n    weight: 500\n');
    expect(() => loadRiskModel(path)).toThrow(
      `${path} (RISK_MODEL_FILE): Invalid risk model:\n  - reasons.detractor.weight:`,
    );
  });

  it('stops start-up when the file cannot be read', () => {
    expect(() => loadRiskModel(join(dir, 'missing.yaml'))).toThrow(
      /Cannot read the risk model .*missing\.yaml \(RISK_MODEL_FILE\)/,
    );
  });
});
