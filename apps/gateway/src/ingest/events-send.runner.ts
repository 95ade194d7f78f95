import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SingleBar } from 'cli-progress';
import { EventEnvelope, topicForEventType, validateEvent } from '@postventa/contracts';
import { EventProducer, KafkaClient, topicMapFromConfig } from '@postventa/messaging';
import { AppConfig, createLogger, signPayload } from '@postventa/platform';

/** The work of `postventa events send`, loaded when it runs (events.command.ts declares it). */

export interface SendOptions {
  http?: string;
  apiKey?: string;
  secret?: string;
  batch: string;
}

interface Rejection {
  line: number;
  code: string;
  message: string;
  path: string;
}

/** Publishes a file of CloudEvents, one per line, to Kafka or (with --http) to the gateway. */
export async function sendEvents(file: string, options: SendOptions): Promise<void> {
  const config = AppConfig.fromEnvironment(process.env);
  const batchSize = Math.max(1, Number(options.batch) || 500);
  const total = await countLines(file);
  const bar = new SingleBar({
    format: 'sending [{bar}] {percentage}% | {value}/{total} | accepted {accepted} | rejected {rejected}',
    noTTYOutput: true,
    notTTYSchedule: 2000,
    stream: process.stderr,
  });
  bar.start(total, 0, { accepted: 0, rejected: 0 });
  let accepted = 0;
  const rejections: Rejection[] = [];
  const sender = options.http ? httpSender(options, config) : await kafkaSender(config);
  try {
    for await (const chunk of readChunks(file, batchSize)) {
      const valid: Array<{ line: number; event: EventEnvelope }> = [];
      for (const { line, text } of chunk) {
        const checked = validateEvent(text, { maxBytes: config.get('MAX_EVENT_BYTES') });
        if (checked.ok) valid.push({ line, event: checked.event });
        else rejections.push({ line, ...checked.error });
      }
      const result = await sender.send(valid);
      accepted += result.accepted;
      rejections.push(...result.rejected);
      bar.increment(chunk.length, { accepted, rejected: rejections.length });
    }
  } finally {
    bar.stop();
    await sender.close();
  }
  for (const r of rejections.slice(0, 20))
    process.stderr.write(`line ${r.line}: ${r.code}${r.path ? ` at ${r.path}` : ''}: ${r.message}\n`);
  if (rejections.length > 20) process.stderr.write(`... and ${rejections.length - 20} more\n`);
  process.stdout.write(`accepted ${accepted}, rejected ${rejections.length}\n`);
  if (rejections.length > 0) process.exitCode = 2;
}

interface Sender {
  send(events: Array<{ line: number; event: EventEnvelope }>): Promise<{ accepted: number; rejected: Rejection[] }>;
  close(): Promise<void>;
}

async function kafkaSender(config: AppConfig): Promise<Sender> {
  const client = new KafkaClient(config, createLogger({ name: 'cli', level: 'warn' }), 'cli');
  const producer = new EventProducer(client.kafka);
  const topics = topicMapFromConfig(config);
  await producer.connect();
  return {
    send: async (events) => {
      await producer.send(
        events.map(({ event }) => ({
          topic: topicForEventType(event.type, topics),
          key: event.subject,
          value: JSON.stringify(event),
          headers: { 'content-type': 'application/cloudevents+json' },
        })),
      );
      return { accepted: events.length, rejected: [] };
    },
    close: () => producer.disconnect(),
  };
}

function httpSender(options: SendOptions, config: AppConfig): Sender {
  const apiKey = options.apiKey ?? config.get('INGEST_API_KEYS')[0];
  const secret = options.secret ?? config.get('INGEST_HMAC_SECRET');
  if (!apiKey && !secret)
    throw new Error('--http needs --api-key or --secret (or INGEST_API_KEYS / INGEST_HMAC_SECRET)');
  const url = `${options.http!.replace(/\/$/, '')}/v1/events`;
  return {
    send: async (events) => {
      if (events.length === 0) return { accepted: 0, rejected: [] };
      const body = JSON.stringify(events.map((e) => e.event));
      const auth: Record<string, string> =
        secret && !options.apiKey
          ? { 'x-postventa-signature': signPayload(secret, body, Math.floor(Date.now() / 1000)) }
          : { authorization: `Bearer ${apiKey}` };
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...auth },
      });
      const payload = (await response.json()) as {
        results?: Array<{ index: number; status: string; error?: { code: string; message: string; path: string } }>;
        error?: { code: string; message: string };
      };
      if (!payload.results)
        throw new Error(
          `the gateway answered ${response.status}: ${payload.error?.code ?? ''} ${payload.error?.message ?? ''}`,
        );
      // `failed` events (INGEST_PUBLISH_FAILED) were not published either: report them for a resend.
      const rejected = payload.results
        .filter((r) => r.status !== 'accepted')
        .map((r) => ({
          line: events[r.index].line,
          code: r.error?.code ?? 'REJECTED',
          message: r.error?.message ?? '',
          path: r.error?.path ?? '',
        }));
      return { accepted: events.length - rejected.length, rejected };
    },
    close: async () => undefined,
  };
}

async function* readChunks(file: string, size: number): AsyncGenerator<Array<{ line: number; text: string }>> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let chunk: Array<{ line: number; text: string }> = [];
  let number = 0;
  for await (const text of lines) {
    number++;
    if (text.trim() === '') continue;
    chunk.push({ line: number, text });
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

async function countLines(file: string): Promise<number> {
  statSync(file);
  let count = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const text of lines) if (text.trim() !== '') count++;
  return count;
}
