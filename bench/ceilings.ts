/**
 * Ceilings: what the services themselves allow on this machine, measured with bare clients on the
 * same broker, database and SMTP sink the apps use, so the end-to-end numbers have a yardstick.
 */
import { connect, Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import { PARTITIONS, type BenchStack } from './bench-stack';
import { type Row, timed } from './report';

/** Bare kafkajs `eachBatch` consumer reading `count` preloaded messages of `bytes` each. */
export async function kafkaCeiling(stack: BenchStack, count: number, sample: string): Promise<Row> {
  const topic = `bench-${stack.id}.ceiling`;
  const admin = stack.kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
  });
  await admin.disconnect();
  const producer = stack.kafka.producer({ idempotent: true });
  await producer.connect();
  for (let i = 0; i < count; i += 1000) {
    await producer.send({
      topic,
      messages: Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({
        key: `cus-${(i + j) % 5000}`,
        value: sample,
      })),
    });
  }
  await producer.disconnect();
  const consumer = stack.kafka.consumer({ groupId: `bench-${stack.id}.ceiling` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const { seconds } = await timed(async () => {
    await consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= count) done();
      },
    });
    await finished;
  });
  await consumer.disconnect();
  return {
    phase: 'ceilings',
    name: 'Kafka: bare kafkajs eachBatch consume',
    items: count,
    seconds,
    perSecond: count / seconds,
    note: `${sample.length} B messages, ${PARTITIONS} partitions, one consumer (includes group join)`,
  };
}

/** One Postgres client inserting `count` rows of ~1 KB jsonb in batches of 1,000. */
export async function postgresCeiling(stack: BenchStack, count: number, sample: string): Promise<Row> {
  const db = new Client({ connectionString: stack.env.DATABASE_URL });
  await db.connect();
  await db.query(
    `CREATE TABLE bench_ceiling (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  const batch = Array.from({ length: 1000 }, () => sample);
  const { seconds } = await timed(async () => {
    for (let i = 0; i < count; i += 1000) {
      await db.query(`INSERT INTO bench_ceiling (payload) SELECT unnest($1::jsonb[])`, [
        batch.slice(0, Math.min(1000, count - i)),
      ]);
    }
  });
  await db.query(`DROP TABLE bench_ceiling`);
  await db.end();
  return {
    phase: 'ceilings',
    name: 'Postgres: bare batched insert',
    items: count,
    seconds,
    perSecond: count / seconds,
    note: `${sample.length} B jsonb rows, 1,000 per INSERT, one client`,
  };
}

/**
 * A bare nodemailer pool (as many connections as the dispatcher's) sending to the bench sink.
 * `noDelay`: each pooled connection is a socket connected with TCP_NODELAY and handed to
 * nodemailer as `{ connection }` (its pool ignores a `{ socket }` answer from getSocket and opens
 * its own, Nagle on); without it, nodemailer's own sockets.
 */
export async function smtpCeiling(stack: BenchStack, count: number, poolSize: number, noDelay: boolean): Promise<Row> {
  const url = new URL(stack.sink.url);
  const getSocket = (_options: unknown, callback: (error: Error | null, s?: { connection: Socket }) => void) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    socket.once('connect', () => callback(null, { connection: socket }));
    socket.once('error', (error) => callback(error));
  };
  const transport = createTransport({
    host: url.hostname,
    port: Number(url.port),
    secure: false,
    pool: true,
    maxConnections: poolSize,
    ...(noDelay ? { getSocket } : {}),
  } as Parameters<typeof createTransport>[0]);
  const html = `<html><body>${'<p>Hola, tu pedido está en camino. Aquí tienes la guía de uso.</p>'.repeat(80)}</body></html>`;
  const before = stack.sink.accepted;
  const { seconds } = await timed(async () => {
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        transport.sendMail({
          from: 'bench@postventa.example',
          to: `ceiling-${i}@bench.example`,
          subject: 'Bench',
          html,
          text: 'Bench',
        }),
      ),
    );
  });
  transport.close();
  const accepted = stack.sink.accepted - before;
  return {
    phase: 'ceilings',
    name: `SMTP: bare nodemailer pool -> sink${noDelay ? ', TCP_NODELAY' : ', Nagle on'}`,
    items: accepted,
    seconds,
    perSecond: accepted / seconds,
    note: `${poolSize} pooled connections, ~${Math.round(html.length / 1024)} KB HTML`,
  };
}
