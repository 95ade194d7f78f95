import type { Kafka, Producer } from 'kafkajs';
import { EventProducer, kafkaErrorCode } from './event.producer';

/** A stand-in for kafkajs' producers: records each produce request, fails the ones the test asks for. */
function fakeKafka(options: { failSends?: number[]; failConnects?: number } = {}) {
  const calls = { producers: 0, sends: [] as Array<{ producer: number; keys: string[] }>, disconnects: [] as number[] };
  let sendIndex = 0;
  let connectFailures = options.failConnects ?? 0;
  const kafka = {
    producer: () => {
      const id = ++calls.producers;
      return {
        connect: async () => {
          if (connectFailures-- > 0)
            throw Object.assign(new Error('Connection error: ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
        },
        disconnect: async () => void calls.disconnects.push(id),
        sendBatch: async ({ topicMessages }: { topicMessages: Array<{ messages: Array<{ key: string }> }> }) => {
          const index = sendIndex++;
          if (options.failSends?.includes(index)) {
            throw Object.assign(
              new Error('The request included a message larger than the max message size the server will accept'),
              { type: 'MESSAGE_TOO_LARGE' },
            );
          }
          calls.sends.push({ producer: id, keys: topicMessages.flatMap((t) => t.messages.map((m) => m.key)) });
        },
      } as unknown as Producer;
    },
  } as unknown as Kafka;
  return { kafka, calls };
}

const messages = (count: number, bytes = 1000) =>
  Array.from({ length: count }, (_, i) => ({ topic: 't', key: `k${i}`, value: 'x'.repeat(bytes) }));

describe('EventProducer', () => {
  it('splits a send into produce requests under the limit, in order', async () => {
    const { kafka, calls } = fakeKafka();
    const producer = new EventProducer(kafka, { maxRequestBytes: 16 * 1024 });
    await expect(producer.publish(messages(50))).resolves.toEqual({ sent: 50 });
    expect(calls.sends.length).toBeGreaterThan(3);
    expect(calls.sends.flatMap((s) => s.keys)).toEqual(messages(50).map((m) => m.key));
  });

  it('stops at the first failed request, reports how far it got, and replaces the producer', async () => {
    const { kafka, calls } = fakeKafka({ failSends: [1] });
    const producer = new EventProducer(kafka, { maxRequestBytes: 16 * 1024 });
    const report = await producer.publish(messages(50));
    expect(report.sent).toBe(calls.sends[0].keys.length);
    expect(report.failure).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    expect(calls.sends).toHaveLength(1);
    expect(calls.disconnects).toEqual([1]);
    expect(producer.state()).toMatchObject({ status: 'down', lastError: { code: 'MESSAGE_TOO_LARGE' } });

    await producer.send(messages(2));
    expect(calls.sends[1].producer).toBe(2);
    expect(producer.state().status).toBe('up');
  });

  it('send() rejects with the Kafka error', async () => {
    const { kafka } = fakeKafka({ failSends: [0] });
    await expect(new EventProducer(kafka).send(messages(1))).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
  });

  it('health: down while no new producer connects, up once one does', async () => {
    const { kafka } = fakeKafka({ failSends: [0], failConnects: 0 });
    const producer = new EventProducer(kafka);
    await producer.publish(messages(1));
    await expect(producer.check()).resolves.toBeUndefined();
    expect(producer.state().status).toBe('up');

    const broken = fakeKafka({ failConnects: 100 });
    const unreachable = new EventProducer(broken.kafka);
    const report = await unreachable.publish(messages(1));
    expect(report).toMatchObject({ sent: 0, failure: { code: 'KafkaJSConnectionError' } });
    await expect(unreachable.check()).rejects.toThrow(/cannot publish since .* \(KafkaJSConnectionError\)/);
    expect(unreachable.state().status).toBe('down');
  });

  it('finds the most specific code of a wrapped kafkajs error', () => {
    const protocol = Object.assign(new Error('out of order'), { type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(
      kafkaErrorCode(
        Object.assign(new Error('retries'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: protocol }),
      ),
    ).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(kafkaErrorCode(Object.assign(new Error('x'), { name: 'KafkaJSConnectionError' }))).toBe(
      'KafkaJSConnectionError',
    );
    expect(kafkaErrorCode('weird')).toBe('UNKNOWN');
  });
});
