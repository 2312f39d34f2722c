import { type JetStreamManager, RetentionPolicy, StorageType } from 'nats';

/** The one stream every domain event goes to. */
export const STREAM = 'PM_EVENTS';
export const STREAM_SUBJECTS = ['pm.>'];
/** How long JetStream remembers message ids to drop duplicate publishes. */
export const DUPLICATE_WINDOW_NS = 2 * 60 * 1_000_000_000;

/**
 * Creates PM_EVENTS if missing (several services may race to do it) with `replicas` copies (3 on a
 * 3-node JetStream cluster); an existing stream with fewer copies is raised to `replicas`, never lowered.
 */
export async function ensureStream(jsm: JetStreamManager, replicas = 1): Promise<void> {
  const existing = await jsm.streams.info(STREAM).catch(() => undefined);
  if (existing) {
    if ((existing.config.num_replicas ?? 1) < replicas) await jsm.streams.update(STREAM, { ...existing.config, num_replicas: replicas });
    return;
  }
  try {
    await jsm.streams.add({
      name: STREAM, subjects: STREAM_SUBJECTS, retention: RetentionPolicy.Limits, storage: StorageType.File, duplicate_window: DUPLICATE_WINDOW_NS, num_replicas: replicas,
    });
  } catch (error) {
    if (!/already in use|already exists/i.test(String(error))) throw error;
  }
}
