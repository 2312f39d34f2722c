import { connect, type ConnectionOptions, type NatsConnection } from 'nats';

/** `NATS_URL` as servers: one URL, or a cluster's comma-separated (the client fails over between them). */
export function natsServers(url: string): string[] {
  return url.split(',').map((part) => part.trim()).filter(Boolean);
}

/**
 * A connection that never gives up: it reconnects to any of the servers, forever, so a NATS node
 * going away (or all of them, for a while) costs delay, never events.
 *
 * Without the client's async traces: with them every request (each JetStream publish of the relay
 * is one) made an Error for its caller's stack and another for a timeout that seldom comes, ahead
 * of time; with `openTicket` under load they were 3 % of the tickets subgraph's CPU (issue 14). A
 * failed publish still says what failed; the relay logs it with its event.
 */
export function connectNats(url: string, name: string, extra: Partial<ConnectionOptions> = {}): Promise<NatsConnection> {
  return connect({ servers: natsServers(url), maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true, name, ...extra });
}
