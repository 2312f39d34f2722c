import { LeanSocket } from './lean-socket';

/**
 * A process of live boards for `npm run bench:events`, so that the boards' own work (parsing 1,000
 * sockets' messages) does not run on the gateway's event loop, as it would not in production.
 * Driven over IPC: `start` connects the boards and answers `connected`; `collect` answers with the
 * latencies seen (ms from the change's `at` to its arrival) and disconnects; `count` answers how
 * many changes have arrived so far; `reset` forgets them and, from then on, counts only changes of
 * `type` that happened at or after `since` (a phase's own: what an earlier phase left in flight,
 * and the SLA breaches of older tickets, are not this phase's), and answers `reset`.
 *
 * Each board speaks the graphql-transport-ws protocol itself (connection_init, subscribe, pong to
 * ping, every message parsed as JSON) over LeanSocket, as a wall screen's browser would with its
 * native WebSocket: ws's client in JavaScript took the two board processes to 45 % of this
 * machine's time at 37,750 frames a second, time the gateway being measured did not have.
 */
type Command =
  | { type: 'start'; url: string; tokens: string[]; query: string; variables: Record<string, unknown> }
  | { type: 'count' }
  | { type: 'reset'; since: number; changeType?: string }
  | { type: 'collect' };

interface Message {
  type: string;
  id?: string;
  payload?: { data?: { ticketChanged?: { at: string; type: string } } } | unknown[];
}

let boards: LeanSocket[] = [];
let latencies: number[] = [];
let since = 0;
let changeType: string | undefined;

/** One board: connects, signs in with `token`, subscribes once acknowledged; resolves when subscribed. */
function board(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: LeanSocket = new LeanSocket(url, 'graphql-transport-ws', {
      open: () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: token } })),
      error: reject,
      close: (code, reason) => reject(new Error(`board closed: ${code} ${reason}`)),
      message: (text) => {
        const message = JSON.parse(text) as Message;
        if (message.type === 'next') {
          const change = (message.payload as { data?: { ticketChanged?: { at: string; type: string } } }).data?.ticketChanged;
          if (!change) return;
          const at = Date.parse(change.at);
          if (at >= since && (!changeType || change.type === changeType)) latencies.push(Date.now() - at);
        } else if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
          // graphql-ws answers a subscribe with nothing until the first change: subscribed once sent.
          resolve();
        } else if (message.type === 'ping') socket.send('{"type":"pong"}');
        else if (message.type === 'error') reject(new Error(`board subscription failed: ${JSON.stringify(message.payload)}`));
      },
    });
    boards.push(socket);
  });
}

process.on('message', (command: Command) => {
  if (command.type === 'start') {
    latencies = [];
    since = 0;
    changeType = undefined;
    void Promise.all(command.tokens.map((token) => board(command.url, token, command.query, command.variables))).then(
      () => process.send!({ type: 'connected' }),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
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
    // Closed quietly: a board closing now is the run's end, not a failure.
    const closing = boards.map((socket) => new Promise<void>((resolve) => socket.closeQuietly(resolve)));
    boards = [];
    void Promise.all(closing).then(() => process.send!({ type: 'latencies', values: seen }));
  }
});
process.on('disconnect', () => process.exit(0));
