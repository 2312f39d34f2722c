import { type EntityManager } from '@mikro-orm/postgresql';

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * A human document number such as `GD-20261122-00042`: a prefix, the China-time date and the next
 * value of a PostgreSQL sequence (gapless enough for the desk, unique always).
 */
export async function nextDocumentNumber(em: EntityManager, sequence: string, prefix: string, now = new Date()): Promise<string> {
  if (!/^[a-z_]+$/.test(sequence)) throw new Error(`bad sequence name ${sequence}`);
  const [row] = await em.getConnection().execute<{ n: string }[]>(`select nextval('${sequence}') as n`, [], 'all', em.getTransactionContext());
  return documentNumber(prefix, row.n, now);
}

/** The document number for a sequence value already drawn (`GD-20261122-00042`). */
export function documentNumber(prefix: string, n: string | number, now = new Date()): string {
  return `${prefix}-${DAY.format(now).replaceAll('-', '')}-${String(n).padStart(5, '0')}`;
}
