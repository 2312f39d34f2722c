import { testInfrastructure, testRunId } from './environment';
import { deleteTestStreams } from './test-streams';

/** After a jest run: the event streams its test files made (and any abandoned by earlier runs) go. */
export default async function globalTeardown(): Promise<void> {
  await deleteTestStreams(testInfrastructure().natsUrl, testRunId());
}
