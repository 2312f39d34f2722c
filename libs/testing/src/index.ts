export { asCaller, firstError, ok, postGraphQL, testIdentity } from './client';
export type { GraphQLResponse } from './client';
export { configuredInfrastructure, publishInfrastructure, serviceTestEnvironment, TEST_IDENTITY_SECRET, testInfrastructure, uniqueDatabaseName } from './environment';
export { startTestSubgraph } from './subgraph';
export type { TestSubgraph } from './subgraph';
export { eventually, publishTestEvent, waitForEvent } from './events';
export { announceTestUnit, createTestProperty, createTestResident } from './factories';
export type { TestCaller } from './factories';
