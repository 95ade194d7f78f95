import { ensureTopics } from '@postventa/messaging';
import { testKafka, uniqueName } from './support/kafka';

describe('Kafka (real broker)', () => {
  const kafka = testKafka();

  it('delivers a produced message to a batch consumer, key and headers intact', async () => {
    const topic = uniqueName('test.roundtrip');
    expect(await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }])).toEqual([topic]);
    // a second call finds the topic and creates nothing
    expect(await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }])).toEqual([]);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: 'customer-1', value: JSON.stringify({ hello: 'kafka' }), headers: { ce_type: 'test.ping' } }],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('test.group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: unknown; type: string }>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const message = batch.messages[0];
          resolve({
            key: message.key!.toString(),
            value: JSON.parse(message.value!.toString()),
            type: message.headers!.ce_type!.toString(),
          });
        },
      });
    });
    await consumer.disconnect();
    expect(received).toEqual({ key: 'customer-1', value: { hello: 'kafka' }, type: 'test.ping' });
  });
});
