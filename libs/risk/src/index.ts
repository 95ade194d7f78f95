export { RiskModelError, RiskModelErrorCode } from './risk-model.error';
export type { RiskModelProblem } from './risk-model.error';
export { riskModelSchema, defaultRiskModel, parseRiskModel, safeParseRiskModel } from './risk-model.schema';
export type { RiskModel, RiskModelInput, RiskModelResult } from './risk-model.schema';
export { signalFromEvent, RISK_EVENT_TYPES, SURVEY_SCALES } from './risk-signals';
export type {
  RiskSignal,
  RiskSignalKind,
  CustomerSignals,
  SurveyKind,
  RiskEventLike,
  RiskEventType,
} from './risk-signals';
export { RISK_REASON_CODES } from './risk-reasons';
export type { RiskReasonCode } from './risk-reasons';
export { scoreRisk, riskLevel, combineWeights, riskLookbackMs } from './risk-score';
export type { RiskScore, RiskReason, RiskLevel } from './risk-score';
export { riskChanged, alertReasonsToRaise, alertingReasons } from './risk-change';
export type { RiskAlertChanges, RiskAlertClearCause } from './risk-change';
