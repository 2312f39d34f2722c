import { type JetStreamManager, RetentionPolicy, StorageType } from 'nats';

/** The one stream every domain event goes to. */
export const STREAM = 'PM_EVENTS';
export const STREAM_SUBJECTS = ['pm.>'];
/** How long JetStream remembers message ids to drop duplicate publishes. */
export const DUPLICATE_WINDOW_NS = 2 * 60 * 1_000_000_000;

/** Creates PM_EVENTS if missing (several services may race to do it); leaves an existing one as it is. */
export async function ensureStream(jsm: JetStreamManager): Promise<void> {
  try {
    await jsm.streams.info(STREAM);
    return;
  } catch {
    /* not there yet */
  }
  try {
    await jsm.streams.add({ name: STREAM, subjects: STREAM_SUBJECTS, retention: RetentionPolicy.Limits, storage: StorageType.File, duplicate_window: DUPLICATE_WINDOW_NS });
  } catch (error) {
    if (!/already in use|already exists/i.test(String(error))) throw error;
  }
}
