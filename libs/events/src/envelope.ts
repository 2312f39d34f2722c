import { newId } from '@pm/db';

import { catalogue, type EventDefinition, type PayloadOf } from './catalogue';

/** The envelope of DESIGN.md "Events". */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  source: string;
  aggregateId: string;
  /** Who caused it (user id or `system`). */
  actor: string;
  payload: P;
  traceparent?: string;
}

export interface EventMeta {
  aggregateId: string;
  actor: string;
  traceparent?: string;
  occurredAt?: Date;
}

/** Raised when a payload does not match its declared schema (on publish and on consume). */
export class InvalidEventError extends Error {
  constructor(type: string, detail: string) {
    super(`Event ${type} is invalid: ${detail}`);
    this.name = 'InvalidEventError';
  }
}

/** Builds an envelope, validating the payload against the catalogue. */
export function createEnvelope<D extends EventDefinition>(definition: D, payload: PayloadOf<D>, meta: EventMeta): EventEnvelope<PayloadOf<D>> {
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) throw new InvalidEventError(definition.type, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return {
    id: newId(),
    type: definition.type,
    version: definition.version,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    source: definition.source,
    aggregateId: meta.aggregateId,
    actor: meta.actor,
    payload: parsed.data,
    ...(meta.traceparent ? { traceparent: meta.traceparent } : {}),
  };
}

/** Parses and validates an envelope received from the stream. */
export function parseEnvelope(data: Uint8Array | string): EventEnvelope {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  let envelope: EventEnvelope;
  try {
    envelope = JSON.parse(text) as EventEnvelope;
  } catch {
    throw new InvalidEventError('(unknown)', 'not JSON');
  }
  const definition = catalogue.get(envelope.type);
  if (!definition) throw new InvalidEventError(envelope.type, 'not in the catalogue');
  if (envelope.version !== definition.version) throw new InvalidEventError(envelope.type, `version ${envelope.version}, expected ${definition.version}`);
  const parsed = definition.payload.safeParse(envelope.payload);
  if (!parsed.success) throw new InvalidEventError(envelope.type, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { ...envelope, payload: parsed.data };
}
