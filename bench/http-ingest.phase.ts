/**
 * Event -> email over HTTP: the e2e mix posted to the gateway's `POST /v1/events` (100 events a
 * request, a few requests in flight, as a shop's backend would), with the engine and dispatcher
 * running. Measures events/s accepted by the gateway (202: on the broker) and events/s end to end
 * (until every expected email is accepted by the sink).
 */
import { randomUUID } from 'node:crypto';
import { backoffDelayMs, sleep } from '@postventa/platform';
import type { BenchStack } from './bench-stack';
import { bar, waitFor } from './phases';
import type { Row } from './report';
import { emailsFromFlow, mixedWorkload } from './workload';

/** A refused request (503 busy broker, 429 rate limit) is posted again after the project's backoff. */
const RETRY_BACKOFF = { initialMs: 100, maxMs: 2_000 };

const PER_REQUEST = 100;
const IN_FLIGHT = 4;

export async function httpIngest(stack: BenchStack, count: number, stallMs: number): Promise<Row[]> {
  if (!stack.engine) await stack.startApps();
  const key = `bench-ingest-${randomUUID()}`;
  const gateway = await stack.startExtra('gateway', 'gateway', {
    INGEST_API_KEYS: key,
    // The product default protects the gateway from one noisy client; the bench measures the stack.
    INGEST_RATE_LIMIT_PER_MINUTE: '1000000',
    GATEWAY_PORT: '0',
  });
  try {
    const workload = mixedWorkload(`${stack.id}-http`, count, emailsFromFlow());
    const bodies: string[] = [];
    for (let i = 0; i < workload.events.length; i += PER_REQUEST)
      bodies.push(
        `{"events":[${workload.events
          .slice(i, i + PER_REQUEST)
          .map((e) => e.value)
          .join(',')}]}`,
      );
    const emailsBefore = stack.sink.accepted;
    const progress = bar('http: POST /v1/events', workload.events.length);
    let next = 0;
    let posted = 0;
    const started = Date.now();
    const worker = async () => {
      for (let i = next++; i < bodies.length; i = next++) {
        for (let attempt = 1; ; attempt++) {
          const response = await fetch(`${gateway.url}/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: bodies[i],
          });
          await response.arrayBuffer();
          if (response.status === 202) break;
          if (response.status !== 503 && response.status !== 429)
            throw new Error(`POST /v1/events answered ${response.status}`);
          await sleep(backoffDelayMs(RETRY_BACKOFF, attempt));
        }
        posted += Math.min(PER_REQUEST, workload.events.length - i * PER_REQUEST);
        progress.update(posted);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    progress.stop();
    const postedSeconds = (Date.now() - started) / 1000;
    const emails = await waitFor(
      'http: emails accepted',
      workload.expectedEmails,
      async () => stack.sink.accepted - emailsBefore,
      stallMs,
      'emails',
    );
    const seconds = (emails.at - started) / 1000;
    const n = workload.events.length;
    const incomplete =
      emails.value >= workload.expectedEmails ? '' : ` INCOMPLETE: ${emails.value}/${workload.expectedEmails}`;
    return [
      {
        phase: 'http',
        name: 'events accepted by POST /v1/events (on the broker)',
        items: n,
        seconds: postedSeconds,
        perSecond: n / postedSeconds,
        note: `${PER_REQUEST} events a request, ${IN_FLIGHT} requests in flight, one gateway`,
      },
      {
        phase: 'http',
        name: 'emails accepted by SMTP (event -> email over HTTP)',
        items: emails.value,
        seconds,
        perSecond: emails.value / seconds,
        note: `events/s end to end: ${Math.round(n / seconds)} (from the first POST)${incomplete}`,
      },
    ];
  } finally {
    await gateway.stop();
    stack.extras.splice(stack.extras.indexOf(gateway), 1);
  }
}
