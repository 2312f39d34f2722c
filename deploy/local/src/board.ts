import { parseArgs } from 'node:util';

import { withLocalStack } from '@pm/runtime';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A live ticket board in the terminal: `npm run board -- --token <JWT> [--property <id>] [--after <cursor>]`
 * (or `--api-key <key>`; `--url ws://…/graphql` for another gateway than the running stack's). Prints one
 * line per ticket change as it happens, at China's clock like the ticket numbers.
 */
const { values } = parseArgs({
  options: {
    token: { type: 'string' },
    'api-key': { type: 'string' },
    property: { type: 'string' },
    after: { type: 'string' },
    url: { type: 'string' },
  },
});
/** The running stack's gateway (`npm start` on other ports too), else the default one. */
const url = values.url ?? (withLocalStack(process.env).GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql').replace(/^http/, 'ws');
if (!values.token && !values['api-key']) {
  process.stderr.write('Usage: npm run board -- --token <JWT> [--property <id>] [--after <cursor>]   (or --api-key <key>)\n');
  process.exit(2);
}

/** Close codes that mean the credentials were refused: retrying would only repeat it. */
const REFUSED: Record<number, string> = { 4401: 'the token or API key was not accepted (expired, or not for this gateway)', 4403: 'this caller may not watch these tickets' };

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: values.token ? { authorization: `Bearer ${values.token}` } : { 'x-api-key': values['api-key'] },
  retryAttempts: Infinity,
  shouldRetry: (event) => !(event && typeof event === 'object' && 'code' in event && REFUSED[(event as { code: number }).code]),
  on: {
    closed: (event) => {
      const code = (event as { code?: number } | undefined)?.code;
      if (code && REFUSED[code]) {
        process.stderr.write(`board refused (${code}): ${REFUSED[code]}\n`);
        process.exit(1);
      }
    },
  },
});

/** An instant in China time, HH:MM:SS (ticket numbers use China's date too). */
const chinaClock = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 19);

let lastCursor = values.after;
process.stdout.write(`watching ticket changes${values.property ? ` of property ${values.property}` : ''} (Ctrl-C to stop)\n`);
const query = `subscription($filter: TicketFilter, $after: String) {
  ticketChanged(filter: $filter, after: $after) { cursor type at ticket { number kind status title unit { code } reporter { name } } }
}`;
client.subscribe<{ ticketChanged: { cursor: string; type: string; at: string; ticket: { number: string; kind: string; status: string; title: string; unit: { code: string } | null; reporter: { name: string } | null } } }>(
  { query, variables: { filter: values.property ? { propertyId: values.property } : null, after: lastCursor ?? null } },
  {
    next: ({ data, errors }) => {
      if (errors) return void process.stderr.write(`${errors.map((e) => e.message).join('; ')}\n`);
      const change = data!.ticketChanged;
      lastCursor = change.cursor;
      const t = change.ticket;
      process.stdout.write(
        `${chinaClock(change.at)}  ${t.number}  ${(change.type.split('.').pop() ?? '').replace(/_/g, ' ').padEnd(14)} ${t.kind.padEnd(14)} ${t.status.padEnd(11)} ${(t.unit?.code ?? '-').padEnd(10)} ${(t.reporter?.name ?? '-').padEnd(6)} ${t.title}\n`,
      );
    },
    error: (error) => {
      process.stderr.write(`board closed: ${error instanceof Error ? error.message : JSON.stringify(error)}; resume with --after ${lastCursor ?? ''}\n`);
      process.exit(1);
    },
    complete: () => process.exit(0),
  },
);
process.on('SIGINT', () => {
  process.stdout.write(`\nresume with --after ${lastCursor ?? '(none yet)'}\n`);
  void Promise.resolve(client.dispose()).then(() => process.exit(0));
});
