import { Command } from 'commander';
import type * as EventsSendRunner from './events-send.runner';
import type { SendOptions } from './events-send.runner';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof EventsSendRunner => require('./events-send.runner');

/** `postventa events send <file.jsonl>`: publishes a file of CloudEvents, one per line. */
export function eventsCommand(): Command {
  const events = new Command('events').description('send events to Postventa');
  events
    .command('send')
    .description('publish a JSON Lines file of CloudEvents to Kafka (or to the gateway with --http)')
    .argument('<file>', 'one CloudEvent JSON object per line')
    .option('--http <url>', 'post to the gateway at this base URL instead of Kafka, e.g. http://127.0.0.1:3000')
    .option('--api-key <key>', 'API key for --http (default: the first of INGEST_API_KEYS)')
    .option('--secret <secret>', 'sign --http requests with this HMAC secret instead (default: INGEST_HMAC_SECRET)')
    .option('--batch <n>', 'events per request or produce call', '500')
    // Kafka, the contracts and the progress bar are loaded only when the command runs.
    .action((file: string, options: SendOptions) => runner().sendEvents(file, options));
  return events;
}
