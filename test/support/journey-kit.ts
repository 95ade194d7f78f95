import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEnvelope, makeEvent } from '@postventa/contracts';
import { ensureTopics } from '@postventa/messaging';
import { PostventaError } from '@postventa/platform';
import { Command, CommanderError } from 'commander';
import { Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
import { flowsCommand } from '../../apps/engine/src';
import { CLI_ENTRY } from './cli-entry';
import { uniqueName } from './kafka';

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: IHeaders;
}

/** Reads a topic from the beginning in its own consumer group and keeps every message. */
export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicReader> {
    // A short fetch wait: `stop()` waits for the fetch in flight (kafkajs' default wait is 5 s).
    const consumer = kafka.consumer({
      groupId: uniqueName('test.reader'),
      sessionTimeout: 10_000,
      maxWaitTimeInMs: 100,
    });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        reader.messages.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: message.headers ?? {},
        });
      },
    });
    return reader;
  }

  /** Parsed values of the messages with this key, in topic order. */
  values<T>(key?: string): T[] {
    return this.messages.filter((m) => key === undefined || m.key === key).map((m) => JSON.parse(m.value) as T);
  }

  /** Polls until `done` holds for the values with `key` (or the timeout passes) and returns them. */
  async waitFor<T>(key: string, done: (values: T[]) => boolean, timeoutMs = 30_000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const values = this.values<T>(key);
      if (done(values) || Date.now() > deadline) return values;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Creates the `TOPIC_*` topics of an isolated set (3 partitions) when a test reads them before an app starts. */
export async function createTopics(kafka: Kafka, topics: Record<string, string>): Promise<void> {
  const names = Object.entries(topics)
    .filter(([key]) => key.startsWith('TOPIC_'))
    .map(([, name]) => name);
  await ensureTopics(
    kafka,
    names.map((topic) => ({ topic, partitions: 3, replicationFactor: 1 })),
  );
}

/** A CloudEvent timed now (or at `time`), as a platform would publish it. */
export function domainEvent(
  type: string,
  subject: string,
  data: Record<string, unknown>,
  id = uniqueName(`evt.${type}`),
  time = new Date().toISOString(),
): EventEnvelope {
  return makeEvent(type, subject, data, { id, time, source: 'shop.test' });
}

export async function produceEvents(
  producer: Producer,
  topic: string,
  events: readonly EventEnvelope[],
): Promise<void> {
  await producer.send({ topic, acks: -1, messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })) });
}

/** A temporary flows folder with these files (`name` -> YAML). */
export function flowsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'postventa-flows-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, yaml] of Object.entries(files)) writeFileSync(join(dir, name), yaml);
  return dir;
}

/**
 * The shipped SMOT flow's path with test-sized waits: the wait before the survey is
 * `surveyWait` (e.g. PT2S), and no quiet hours or caps, so the test does not depend on the time
 * of day it runs at.
 */
export function smotTestFlow(surveyWait = 'PT2S'): string {
  return `id: smot-test
name: SMOT path with short waits
trigger:
  event: order.placed
  condition: has(event.data.order_id)
entry:
  key: order
  reentry: once
exit_on:
  - event: order.cancelled
    condition: event.data.order_id == journey.order_id
goals:
  - id: first-use
    event: product.first_used
    within: P14D
steps:
  - id: order-confirmation
    type: email
    template: order-confirmation
    category: transactional
    moment: fmot
  - id: what-to-expect
    type: email
    template: what-to-expect
    category: transactional
    moment: fmot
  - id: wait-delivery
    type: wait_for
    event: order.delivered
    condition: event.data.order_id == journey.order_id
    timeout: P14D
    on_event: usage-guide
    on_timeout: end
  - id: usage-guide
    type: email
    template: usage-guide
    category: transactional
    moment: smot
  - id: wait-first-use
    type: wait_for
    event: product.first_used
    condition: "!has(event.data.order_id) || event.data.order_id == journey.order_id"
    timeout: P5D
    on_event: wait-before-survey
    on_timeout: end
  - id: wait-before-survey
    type: wait
    duration: ${surveyWait}
    moment: smot
  - id: nps-survey
    type: survey
    kind: nps
    template: nps-survey
    moment: smot
  - id: wait-answer
    type: wait_for
    event: survey.answered
    condition: event.data.journey_id == journey.id
    timeout: P7D
    on_event: score
    on_timeout: end
  - id: score
    type: branch
    cases:
      - when: event.data.score <= 6
        next: detractor-apology
      - when: event.data.score >= 9
        next: review-request
    else: end
  - id: detractor-apology
    type: email
    template: detractor-apology
    category: transactional
    moment: tmot
  - id: detractor-alert
    type: alert
    severity: high
    reason: detractor
    route: support
    moment: tmot
    next: end
  - id: review-request
    type: email
    template: review-request
    category: marketing
    moment: tmot
`;
}

/** The commands the SMOT path with a detractor answer issues, in order, as `type step_id`. */
export const SMOT_DETRACTOR_PATH = [
  'email.send order-confirmation',
  'email.send what-to-expect',
  'email.send usage-guide',
  'survey.send nps-survey',
  'email.send detractor-apology',
  'alert.raise detractor-alert',
];

export interface WireCommandView {
  type: string;
  command_id: string;
  customer_id: string;
  journey_id: string;
  step_id: string;
  flow: { id: string; version: number };
  template?: string;
  survey?: { kind: string; survey_id: string };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `postventa <args>` (the CLI's build, in its own process) with extra environment variables. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_ENTRY, ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/**
 * Runs `postventa flows <args>` in this process: the same commands (`flowsCommand()`) that
 * bin/postventa.js runs, without a new Node process that loads and compiles the whole CLI each
 * time. Output, errors and the exit code come back as the CLI would give them (`postventa: ...` on
 * stderr and 1 for a failed command, commander's message and code for a bad option). The real
 * process is covered by journeys-cli.e2e-spec.ts; use `runCli` where the process itself matters.
 */
export async function runFlowsCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const program = new Command('postventa').addCommand(flowsCommand());
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program)) {
    command.exitOverride().configureOutput({
      writeOut: (text) => void (stdout += text),
      writeErr: (text) => void (stderr += text),
    });
  }
  const savedEnv = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const savedExitCode = process.exitCode;
  const write = process.stdout.write;
  Object.assign(process.env, env);
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  let code = 0;
  try {
    await program.parseAsync(['flows', ...args], { from: 'user' });
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode;
    else {
      const message = error instanceof PostventaError ? `${error.code}: ${error.message}` : (error as Error).message;
      stderr += `postventa: ${message}\n`;
      code = 1;
    }
  } finally {
    process.stdout.write = write;
    process.exitCode = savedExitCode;
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return { code, stdout, stderr };
}
