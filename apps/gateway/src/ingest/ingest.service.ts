import { Inject, Injectable } from '@nestjs/common';
import {
  ContractErrorCode,
  ContractIssue,
  EventEnvelope,
  MAX_JSON_DEPTH,
  parseJson,
  topicForEventType,
  TopicMap,
  validateEvent,
} from '@postventa/contracts';
import { EventProducer, OutgoingMessage, TOPICS } from '@postventa/messaging';
import { AppConfig, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { ingestScopeOf } from './ingest-scope';
import { IngestError, IngestErrorCode, IngestEventCode } from './ingest.error';
import type { IngestPrincipal } from './request-auth';

/** Why one event was not accepted: a contract code (SCHEMA_VIOLATION, TOO_LARGE, ...) or an IngestEventCode. */
export interface EventError {
  code: string;
  message: string;
  path: string;
  issues?: ContractIssue[];
}

/**
 * The outcome of one event, with the HTTP status it would get on its own: `accepted` (202, the
 * broker has it), `rejected` (4xx: fix it, do not resend as is) or `failed` (503: not published,
 * send it again).
 */
export type EventResult =
  | { index: number; id: string; status: 'accepted'; statusCode: 202; topic: string }
  | { index: number; id?: string; status: 'rejected'; statusCode: number; error: EventError }
  | { index: number; id: string; status: 'failed'; statusCode: 503; error: EventError };

export interface IngestOutcome {
  /** One event was posted (not an array). */
  single: boolean;
  accepted: number;
  rejected: number;
  failed: number;
  results: EventResult[];
}

const JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json'];

/** A batch wraps events in at most two levels (`{"events": [...]}`), on top of an event's own depth. */
const BODY_MAX_DEPTH = MAX_JSON_DEPTH + 2;

const CONTRACT_STATUS: Partial<Record<string, number>> = {
  [ContractErrorCode.TooLarge]: 413,
  [ContractErrorCode.UnsupportedContentType]: 415,
  [ContractErrorCode.NotJson]: 400,
};

/**
 * HTTP ingest for platforms that can only send webhooks: the same contract as Kafka, published
 * with the idempotent producer to the topic of each event's type, keyed by customer id. Types
 * Postventa produces itself are refused (see `ingestScopeOf`).
 */
@Injectable()
export class IngestService {
  private readonly counter;

  constructor(
    private readonly producer: EventProducer,
    private readonly config: AppConfig,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.counter = metrics.counter('postventa_http_ingested_events_total', 'Events posted to /v1/events by outcome', [
      'outcome',
    ]);
  }

  /** Parses the body, checks every event, publishes the acceptable ones and waits for the broker. */
  async ingest(rawBody: Buffer, contentType: string | undefined, principal: IngestPrincipal): Promise<IngestOutcome> {
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!JSON_TYPES.includes(mediaType)) {
      throw new IngestError(
        IngestErrorCode.UnsupportedMediaType,
        `Content-Type must be one of ${JSON_TYPES.join(', ')}`,
      );
    }
    const parsed = parseJson(rawBody, 'The request body', '', { maxDepth: BODY_MAX_DEPTH });
    if (!parsed.ok) {
      const { code, message, path } = parsed.error;
      if (code === ContractErrorCode.NotJson) throw new IngestError(IngestErrorCode.MalformedBody, message);
      throw new IngestError(
        IngestErrorCode.BodyTooDeep,
        `${message} (events may nest at most ${MAX_JSON_DEPTH} levels)`,
        { rule: code, path, limit: MAX_JSON_DEPTH },
      );
    }
    const body = parsed.value;
    const single = !Array.isArray(body) && !(isRecord(body) && Array.isArray(body.events));
    const items: unknown[] = single ? [body] : Array.isArray(body) ? body : (body as { events: unknown[] }).events;
    if (items.length === 0) throw new IngestError(IngestErrorCode.EmptyBatch, 'The batch has no events');
    const max = this.config.get('INGEST_MAX_BATCH');
    if (items.length > max)
      throw new IngestError(
        IngestErrorCode.BatchTooLarge,
        `A batch holds at most ${max} events; this one has ${items.length}`,
        { limit: max },
      );

    const results: EventResult[] = [];
    const acceptable: Array<{ index: number; event: EventEnvelope; topic: string; message: OutgoingMessage }> = [];
    items.forEach((item, index) => {
      const refused = this.checkItem(item, principal);
      if ('error' in refused)
        return void results.push({
          index,
          id: idOf(item),
          status: 'rejected',
          statusCode: refused.statusCode,
          error: refused.error,
        });
      const { event, value } = refused;
      const topic = topicForEventType(event.type, this.topics);
      const message = { topic, key: event.subject, value, headers: { 'content-type': 'application/cloudevents+json' } };
      acceptable.push({ index, event, topic, message });
    });

    const report = await this.producer.publish(acceptable.map((a) => a.message));
    acceptable.forEach(({ index, event, topic }, position) => {
      if (position < report.sent)
        return void results.push({ index, id: event.id, status: 'accepted', statusCode: 202, topic });
      results.push({
        index,
        id: event.id,
        status: 'failed',
        statusCode: 503,
        error: {
          code: IngestEventCode.PublishFailed,
          message: 'The broker did not take this event; nothing was wrong with it: send it again',
          path: '',
        },
      });
    });
    results.sort((a, b) => a.index - b.index);

    const failed = acceptable.length - report.sent;
    const outcome = { single, accepted: report.sent, rejected: items.length - acceptable.length, failed, results };
    this.counter.inc({ outcome: 'accepted' }, outcome.accepted);
    this.counter.inc({ outcome: 'rejected' }, outcome.rejected);
    this.counter.inc({ outcome: 'failed' }, outcome.failed);
    if (report.failure) {
      this.logger.warn(
        { accepted: outcome.accepted, failed, code: report.failure.code, err: report.failure.error },
        'events not published: the broker refused a produce request',
      );
    }
    this.logger.info({ accepted: outcome.accepted, rejected: outcome.rejected, failed }, 'events ingested over HTTP');
    return outcome;
  }

  /** The event, checked against the contract and the caller's scope; or why it is refused. */
  private checkItem(
    item: unknown,
    principal: IngestPrincipal,
  ): { event: EventEnvelope; value: string } | { statusCode: number; error: EventError } {
    if (isRecord(item) && typeof item.type === 'string') {
      const scope = ingestScopeOf(item.type);
      if (scope === 'internal') {
        return {
          statusCode: 403,
          error: {
            code: IngestEventCode.InternalEventType,
            message: 'This event type is produced by Postventa itself and cannot be posted',
            path: 'type',
          },
        };
      }
      if (scope === 'feedback' && !principal.feedback) {
        return {
          statusCode: 403,
          error: {
            code: IngestEventCode.FeedbackNotAllowed,
            message: 'Survey answers are accepted only with a key from INGEST_FEEDBACK_API_KEYS',
            path: 'type',
          },
        };
      }
    }
    // The parsed value is what is checked: written back to text first, 1e400 would become null unseen.
    // (validateEvent reads a string as JSON text: a posted JSON string goes in as its text.)
    const checked = validateEvent(typeof item === 'string' ? JSON.stringify(item) : item);
    if (!checked.ok) return { statusCode: CONTRACT_STATUS[checked.error.code] ?? 422, error: checked.error };
    // The size limit applies to the event as published, as it does on Kafka.
    const value = JSON.stringify(checked.event);
    const maxBytes = this.config.get('MAX_EVENT_BYTES');
    const size = Buffer.byteLength(value);
    if (size > maxBytes) {
      const message = `The event is ${size} bytes, over the limit of ${maxBytes} bytes (MAX_EVENT_BYTES)`;
      return {
        statusCode: 413,
        error: { code: ContractErrorCode.TooLarge, message, path: '', issues: [{ path: '', message }] },
      };
    }
    return { event: checked.event, value };
  }
}

function idOf(item: unknown): string | undefined {
  return isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
