export { describeFlowChanges } from './flow-diff';
export {
  flowFilesIn,
  flowFromSource,
  type FlowDirectory,
  type FlowFile,
  loadFlowDirectory,
  templateIdsIn,
} from './flow-files';
export { FlowJourneysRepository } from './flow-journeys.repository';
export {
  FlowNotFoundError,
  FlowPublisher,
  type FlowPublishResult,
  type FlowStatusOptions,
  FlowStatusOptionError,
  type FlowStatusResult,
  formatPublishResult,
} from './flow-publisher.service';
export {
  type FlowHead,
  type FlowStatus,
  type FlowSummary,
  type FlowVersionHead,
  type FlowVersionRecord,
  FlowVersionRepository,
  type FlowVersionSummary,
  type NewFlowVersion,
} from './flow-version.repository';
export { type JourneyStopReason, stopJourney } from './journey-stop';
