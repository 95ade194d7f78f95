import { rmSync } from 'node:fs';
import { RunningApp } from '@postventa/platform';
import { Kafka, Producer } from 'kafkajs';
import { engineApp } from '../../apps/engine/src/engine.module';
import { flowsDir, TopicReader } from './journey-kit';
import { testKafka } from './kafka';
import { createTestDatabase, TestDatabase } from './test-database';
import { startTestApp } from './test-apps';

/**
 * An engine in this process on its own database, topics and flows folder (published at start-up,
 * timers checked every 200 ms), with an idempotent producer and a reader of the commands topic.
 */
export class JourneyEngine {
  private constructor(
    readonly db: TestDatabase,
    readonly engine: RunningApp,
    readonly kafka: Kafka,
    readonly producer: Producer,
    readonly commands: TopicReader,
    readonly dir: string,
  ) {}

  static async start(topics: Record<string, string>, flows: Record<string, string>): Promise<JourneyEngine> {
    const db = await createTestDatabase({ migrate: false });
    const dir = flowsDir(flows);
    const engine = await startTestApp(engineApp, {
      ...topics,
      DATABASE_URL: db.url,
      FLOWS_DIR: dir,
      SCHEDULER_INTERVAL_MS: '200',
      OUTBOX_INTERVAL_MS: '500',
    });
    const kafka = testKafka();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const commands = await TopicReader.start(kafka, topics.TOPIC_COMMANDS);
    return new JourneyEngine(db, engine, kafka, producer, commands, dir);
  }

  async stop(): Promise<void> {
    await this.commands.stop();
    await this.producer.disconnect();
    await this.engine.app.close();
    await this.db.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
