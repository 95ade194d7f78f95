/** @postventa/contracts — the wire contract: event envelope, event and command schemas, topics. */
export {
  ContractError,
  ContractErrorCode,
  type ContractFailure,
  type ContractIssue,
  type ContractViolation,
} from './contract-error';
export {
  ALERT_SEVERITIES,
  type AlertSeverity,
  EMAIL_CATEGORIES,
  type EmailCategory,
  type FlowRef,
  MAX_ID_LENGTH,
  MOMENTS,
  type Moment,
  SURVEY_KINDS,
  SURVEY_SCORE_RANGES,
  type SurveyKind,
  TIMESTAMP_RANGE,
  alertSeveritySchema,
  emailCategorySchema,
  flowRefSchema,
  isIanaTimeZone,
  momentSchema,
  surveyKindSchema,
} from './primitives.schema';
export { type Consent, type CustomerData, type CustomerProfile, consentSchema, customerSchema } from './customer.schema';
export {
  CLOUDEVENTS_CONTEXT_ATTRIBUTES,
  CLOUDEVENTS_REQUIRED_ATTRIBUTES,
  CLOUDEVENTS_SPEC_VERSION,
  DEFAULT_DATA_CONTENT_TYPE,
  EVENT_TYPE_PATTERN,
  EXTENSION_NAME_PATTERN,
  type EventEnvelope,
  type ExtensionValue,
  POSTVENTA_SOURCE,
  buildEnvelopeSchema,
  eventEnvelopeSchema,
  eventExtensions,
  eventTypeSchema,
  isJsonContentType,
} from './event-envelope.schema';
export * from './commerce-events.schema';
export * from './usage-events.schema';
export * from './support-events.schema';
export * from './feedback-events.schema';
export * from './activity-events.schema';
export * from './timer-events.schema';
export {
  DOMAIN_EVENT_TYPES,
  type DomainEventType,
  EVENT_DESCRIPTIONS,
  type EventDataMap,
  RESERVED_EVENT_TYPES,
  type ReservedEvent,
  type ReservedEventType,
  type TypedEvent,
  eventDataSchemas,
  isEventOfType,
  isReservedEventType,
} from './event-types';
export { type JsonParseOptions, type JsonParseResult, MAX_EVENT_BYTES, parseJson } from './json-payload';
export {
  MAX_JSON_DEPTH,
  MAX_SAFE_JSON_INTEGER,
  checkJsonTextDepth,
  findUnstorable,
  isSafeJsonNumber,
  isStorableString,
} from './json-limits';
export { type EventValidationOptions, type EventValidationResult, checkEventValue, validateEvent } from './event-validator';
export {
  CE_HEADER_PREFIX,
  CLOUDEVENT_HEADERS,
  CLOUDEVENTS_JSON_CONTENT_TYPE,
  CONTENT_TYPE_HEADER,
  type EventMessage,
  type EventMessageLimits,
  type EventMessageResult,
  type EventMode,
  type MessageHeaderValue,
  parseEventMessage,
} from './event-parser';
export { type MakeEventOptions, makeEvent } from './make-event';
export { ISO_DURATION_PATTERN, fixedIsoDurationMs, parseIsoDuration } from './iso-duration';
export {
  DEFAULT_TOPICS,
  DLQ_HEADERS,
  type DeadLetterOrigin,
  type DlqHeaderName,
  INBOUND_TOPIC_KEYS,
  TOPIC_KEYS,
  TOPIC_VARIABLES,
  type TopicKey,
  type TopicMap,
  type TopicVariable,
  deadLetterHeaders,
  topicForEventType,
  topicKeyForEventType,
} from './topics';
export {
  type AlertRaiseCommand,
  COMMAND_TYPES,
  type Command,
  type CommandBase,
  type CommandOfType,
  type CommandParseResult,
  type CommandType,
  type EmailSendCommand,
  type SurveySendCommand,
  alertRaiseCommandSchema,
  commandSchema,
  emailSendCommandSchema,
  parseCommand,
  surveySendCommandSchema,
} from './commands.schema';
export { JSON_SCHEMA_BASE_URI, type JsonSchemaDocument, buildJsonSchemas, renderJsonSchema } from './json-schemas';
export {
  SAMPLE_CUSTOMER_ID,
  SAMPLE_EVENT_DATA,
  SAMPLE_ORDER_ID,
  SAMPLE_SOURCE,
  SAMPLE_TIME,
  type SampleEventOverrides,
  sampleCommand,
  sampleEvent,
} from './sample-events';
