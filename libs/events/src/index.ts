export { catalogue, defineEvent, Events } from './catalogue';
export type { EventDefinition, PayloadOf } from './catalogue';
export { createEnvelope, InvalidEventError, parseEnvelope } from './envelope';
export type { EventEnvelope, EventMeta } from './envelope';
export { OutboxMessage, recordEvent } from './outbox';
export { OutboxRelay } from './relay';
export type { RelayOptions, RelayStats } from './relay';
export { DUPLICATE_WINDOW_NS, ensureStream, STREAM, STREAM_SUBJECTS } from './stream';
