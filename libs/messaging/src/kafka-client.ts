import { Injectable } from '@nestjs/common';
import { AppConfig, Logger } from '@postventa/platform';
import { Kafka, logLevel, LogEntry } from 'kafkajs';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** The one place that builds a kafkajs client; everything else asks it for producers and consumers. */
@Injectable()
export class KafkaClient {
  readonly kafka: Kafka;

  constructor(config: AppConfig, logger: Logger, clientSuffix = '') {
    const brokers = config.get('KAFKA_BROKERS');
    if (!brokers) throw new Error('KAFKA_BROKERS is not set');
    this.kafka = new Kafka({
      clientId: `${config.get('KAFKA_CLIENT_ID')}${clientSuffix ? `-${clientSuffix}` : ''}`,
      brokers,
      connectionTimeout: 5000,
      requestTimeout: 30000,
      retry: { initialRetryTime: 200, retries: 10, maxRetryTime: 10_000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const { message, ...rest } = entry.log;
        const fields = { kafka: entry.namespace, ...rest };
        // Our idempotent producers give up after bounded retries on purpose (an HTTP caller gets an
        // answer); a later resend is deduplicated downstream by event and command ids.
        if (String(message).startsWith('Limiting retries for the idempotent producer'))
          return void logger.debug(fields, String(message));
        // kafkajs logs every failed request at ERROR, also the ones it retries (a coordinator still
        // loading, a leader moving): those are warnings until the retries run out.
        if (entry.level === logLevel.ERROR && entry.namespace !== 'Connection') logger.error(fields, String(message));
        else if (entry.level === logLevel.ERROR) logger.warn(fields, String(message));
        else if (entry.level === logLevel.WARN) logger.warn(fields, String(message));
        else logger.debug(fields, String(message));
      },
    });
  }
}
