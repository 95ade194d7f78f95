import { Inject, Injectable } from '@nestjs/common';
import { ContractViolation, EventEnvelope, topicForEventType, TopicMap, validateEvent } from '@postventa/contracts';
import { EventProducer, TOPICS } from '@postventa/messaging';
import { AppConfig, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { IngestError, IngestErrorCode } from './ingest.error';

export type EventResult =
  | { index: number; id: string; status: 'accepted'; topic: string }
  | { index: number; id?: string; status: 'rejected'; error: ContractViolation };

export interface IngestOutcome {
  /** One event was posted (not an array). */
  single: boolean;
  accepted: number;
  rejected: number;
  results: EventResult[];
}

const JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json'];

/**
 * HTTP ingest for platforms that can only send webhooks: the same contract as Kafka, published
 * with the idempotent producer to the topic of each event's type, keyed by customer id.
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
    this.counter = metrics.counter('postventa_http_ingested_events_total', 'Events posted to /v1/events by outcome', ['outcome']);
  }

  /** Parses the body, validates every event, publishes the valid ones and waits for the broker. */
  async ingest(rawBody: Buffer, contentType: string | undefined): Promise<IngestOutcome> {
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!JSON_TYPES.includes(mediaType)) {
      throw new IngestError(IngestErrorCode.UnsupportedMediaType, `Content-Type must be one of ${JSON_TYPES.join(', ')}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch (error) {
      throw new IngestError(IngestErrorCode.MalformedBody, `The body is not valid JSON: ${(error as Error).message}`);
    }
    const single = !Array.isArray(body) && !(isRecord(body) && Array.isArray(body.events));
    const items: unknown[] = single ? [body] : Array.isArray(body) ? body : (body as { events: unknown[] }).events;
    if (items.length === 0) throw new IngestError(IngestErrorCode.EmptyBatch, 'The batch has no events');
    const max = this.config.get('INGEST_MAX_BATCH');
    if (items.length > max) throw new IngestError(IngestErrorCode.BatchTooLarge, `A batch holds at most ${max} events; this one has ${items.length}`, { limit: max });

    const maxBytes = this.config.get('MAX_EVENT_BYTES');
    const results: EventResult[] = [];
    const valid: Array<{ index: number; event: EventEnvelope; topic: string }> = [];
    items.forEach((item, index) => {
      // Validated as its own JSON text, so the size limit applies per event as it does on Kafka.
      const checked = validateEvent(JSON.stringify(item), { maxBytes });
      if (checked.ok) {
        const topic = topicForEventType(checked.event.type, this.topics);
        valid.push({ index, event: checked.event, topic });
      } else {
        const id = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
        results.push({ index, id, status: 'rejected', error: checked.error });
      }
    });

    await this.producer.send(
      valid.map(({ event, topic }) => ({
        topic,
        key: event.subject,
        value: JSON.stringify(event),
        headers: { 'content-type': 'application/cloudevents+json' },
      })),
    );
    for (const { index, event, topic } of valid) results.push({ index, id: event.id, status: 'accepted', topic });
    results.sort((a, b) => a.index - b.index);

    const outcome = { single, accepted: valid.length, rejected: items.length - valid.length, results };
    this.counter.inc({ outcome: 'accepted' }, outcome.accepted);
    this.counter.inc({ outcome: 'rejected' }, outcome.rejected);
    this.logger.info({ accepted: outcome.accepted, rejected: outcome.rejected }, 'events ingested over HTTP');
    return outcome;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
