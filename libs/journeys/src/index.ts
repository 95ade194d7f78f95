export {
  compileCel,
  evaluateCondition,
  evaluateValue,
  type CelScope,
  type CompiledExpression,
  type CompileResult,
} from './cel-conditions';
export type {
  ActivityBase,
  ActivityRecord,
  ActivityType,
  AlertRaiseCommand,
  CommandBase,
  EmailSendCommand,
  ExitOutcome,
  JourneyCommand,
  JourneyConvertedActivity,
  JourneyEnteredActivity,
  JourneyExitedActivity,
  JourneyStepActivity,
  ProfileUpdateCommand,
  StepOutcome,
  SurveySendCommand,
  TimerPurpose,
  TimerSpec,
  WireCommand,
} from './commands';
export { addIsoDuration, isIsoDuration, isTimeOfDay, isTimeZone, nextLocalTime, parseIsoDuration } from './duration';
export {
  isTimerFiring,
  type AdvanceContext,
  type CustomerProfile,
  type EventEnvelope,
  type JourneyInput,
  type SendRecord,
  type TimerFiring,
} from './events';
export { EARLY_EVENTS_MAX, EARLY_EVENTS_PER_TYPE } from './early-events';
export { compileFlow, type CompiledFlow, type CompiledStep, type EventMatcher } from './flow-compiler';
export { flowGraph, type FlowGraph, type FlowGraphEdge, type FlowGraphNode } from './flow-graph';
export { canonicalJson, flowContentHash, percentBucket } from './flow-hash';
export { checkFlowRules, type FlowRuleOptions, type RuleIssue } from './flow-rules';
export {
  formatFlowIssues,
  formatIssuePath,
  loadFlowFromYaml,
  validateFlowSource,
  type FlowIssue,
  type FlowLoadResult,
  type FlowValidation,
  type ValidateOptions,
} from './flow-validator';
export {
  END_TARGET,
  STEP_TYPES,
  flowJsonSchema,
  flowSchema,
  stepSchema,
  type AlertStep,
  type BranchStep,
  type EmailCategory,
  type EmailStep,
  type ExitStep,
  type FlowDefinition,
  type FlowInput,
  type FlowPolicies,
  type FlowStep,
  type Moment,
  type SendCategory,
  type SplitStep,
  type StepType,
  type SurveyStep,
  type UpdateStep,
  type WaitForStep,
  type WaitStep,
} from './flow.schema';
export { advance } from './interpreter';
export { journeyIdFor, matchTrigger, startJourney, type EntryDecision } from './journey-entry';
export { JourneyError, JourneyErrorCode } from './journey-errors';
export {
  isEnded,
  type EventSnapshot,
  type JourneyInstance,
  type JourneyRef,
  type JourneyStatus,
  type StepVisit,
  type WaitState,
} from './journey-instance';
export { checkSendPolicies, type PolicyDecision } from './send-policies';
export {
  formatSimulation,
  simulate,
  type SimulationEntry,
  type SimulationKind,
  type SimulationOptions,
  type SimulationResult,
} from './simulator';
export type { AdvanceResult } from './transition';
