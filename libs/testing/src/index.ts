export { asCaller, firstError, ok, postGraphQL, testIdentity } from './client';
export type { GraphQLResponse } from './client';
export { configuredInfrastructure, publishInfrastructure, serviceTestEnvironment, TEST_IDENTITY_SECRET, TEST_NAMESPACE_PREFIX, testInfrastructure, testNamespace, testRunId, uniqueDatabaseName } from './environment';
export { startTestSubgraph } from './subgraph';
export type { TestSubgraph } from './subgraph';
export { eventually, publishTestEvent, testEventSpace, waitForEvent } from './events';
export { announceTestUnit, createTestProperty, createTestResident } from './factories';
export type { TestCaller } from './factories';
export { deleteTestStreams } from './test-streams';
