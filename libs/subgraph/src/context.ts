import { type EntityManager } from '@mikro-orm/postgresql';
import { type Identity } from '@pm/identity';
import type DataLoader from 'dataloader';
import { type Logger } from 'pino';

/** What every resolver receives: the verified caller, its own entity manager, batched loaders. */
export interface SubgraphContext {
  identity: Identity;
  /** Forked for this request only. */
  em: EntityManager;
  logger: Logger;
  /** The request's batched loader for `typename` references. */
  reference(typename: string): DataLoader<string, object | null>;
  /** A request-scoped DataLoader under `key`, created on first use (for batched field resolvers). */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V>;
}
