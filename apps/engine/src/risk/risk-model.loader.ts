import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRiskModel, RiskModel, RiskModelError } from '@postventa/risk';

/** Injection token of the parsed risk model. */
export const RISK_MODEL = Symbol('RISK_MODEL');

/**
 * Reads and checks the risk model file once, at start-up. An unreadable or invalid file stops
 * start-up with a message naming the file (RISK_MODEL_FILE) and the bad value's path.
 */
export function loadRiskModel(path: string): RiskModel {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the risk model ${path} (RISK_MODEL_FILE): ${(error as Error).message}`);
  }
  try {
    return parseRiskModel(text);
  } catch (error) {
    if (error instanceof RiskModelError) throw new Error(`${path} (RISK_MODEL_FILE): ${error.message}`);
    throw error;
  }
}
