import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A process of live boards for `npm run bench:events`, so that the boards' own work (parsing 1,000
 * sockets' messages) does not run on the gateway's event loop, as it would not in production.
 * Driven over IPC: `start` connects the boards and answers `connected`; `collect` answers with the
 * latencies seen (ms from the change's `at` to its arrival) and disconnects; `count` answers how
 * many changes have arrived so far; `reset` forgets them and, from then on, counts only changes of
 * `type` that happened at or after `since` (a phase's own: what an earlier phase left in flight,
 * and the SLA breaches of older tickets, are not this phase's), and answers `reset`.
 */
type Command =
  | { type: 'start'; url: string; tokens: string[]; query: string; variables: Record<string, unknown> }
  | { type: 'count' }
  | { type: 'reset'; since: number; changeType?: string }
  | { type: 'collect' };

let clients: Client[] = [];
let latencies: number[] = [];
let since = 0;
let changeType: string | undefined;

process.on('message', (command: Command) => {
  if (command.type === 'start') {
    latencies = [];
    since = 0;
    changeType = undefined;
    const connected = command.tokens.map((token) => new Promise<void>((resolve) => {
      const client = createClient({ url: command.url, webSocketImpl: WebSocket, connectionParams: { authorization: token }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
      clients.push(client);
      client.on('connected', () => resolve());
      client.subscribe<{ ticketChanged: { at: string; type: string } }>(
        { query: command.query, variables: command.variables },
        {
          next: ({ data }) => {
            if (!data) return;
            const at = Date.parse(data.ticketChanged.at);
            if (at >= since && (!changeType || data.ticketChanged.type === changeType)) latencies.push(Date.now() - at);
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
    }));
    void Promise.all(connected).then(() => process.send!({ type: 'connected' }));
  } else if (command.type === 'count') {
    process.send!({ type: 'count', value: latencies.length });
  } else if (command.type === 'reset') {
    latencies = [];
    since = command.since;
    changeType = command.changeType;
    process.send!({ type: 'reset' });
  } else if (command.type === 'collect') {
    const seen = latencies;
    latencies = [];
    void Promise.all(clients.map((c) => c.dispose())).then(() => {
      clients = [];
      process.send!({ type: 'latencies', values: seen });
    });
  }
});
process.on('disconnect', () => process.exit(0));
