import { type EntityManager } from '@mikro-orm/postgresql';
import { type Clock } from '@pm/calendar';
import { type Identity } from '@pm/identity';
import type DataLoader from 'dataloader';
import { type Logger } from 'pino';

/** What every resolver receives: the verified caller, its own entity manager, batched loaders. */
export interface SubgraphContext<S = unknown> {
  identity: Identity;
  /** Forked for this request only. */
  em: EntityManager;
  /** The service's clock: every "now" of a use case comes from here, so tests can move time. */
  clock: Clock;
  /** The service's typed settings, built once from its environment. */
  settings: S;
  logger: Logger;
  /** The request's batched loader for `typename` references. */
  reference(typename: string): DataLoader<string, object | null>;
  /** A request-scoped DataLoader under `key`, created on first use (for batched field resolvers). */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V>;
}

/** What a use case needs: who acts, in which unit of work, at what time (a resolver's context is one). */
export type UseCaseContext<S = unknown> = Pick<SubgraphContext<S>, 'em' | 'identity' | 'clock' | 'settings'>;
