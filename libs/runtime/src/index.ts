export {
  booleanFlag,
  DEFAULT_EVENT_NAMESPACE,
  EVENT_NAMESPACE_PATTERN,
  eventNamespace,
  natsUrls,
  commonEnvironment,
  EnvironmentError,
  isDevelopmentSecret,
  loadEnvironment,
  parseEnvironment,
  productionSecrets,
  refuseDevelopmentSecrets,
  serviceEnvironment,
  subgraphEnvironment,
  withLocalStack,
} from './environment';
export type { LocalStack } from './environment';
export { apolloGatewayContext, leanGatewayContext, leanGatewayContexts, useLeanGatewayContexts } from './apollo-gateway-context';
export { apolloHandler, BodyTooLargeError, sendBodyTooLarge, sendJson, defaultInternalPort, GRAPHQL_JSON_TYPE, MAX_BODY_BYTES, plainGraphQLPost, readBody, SERVER_KEEP_ALIVE_MS, startHttpServer } from './http';
export type { GraphQLRouteHandler, HttpServerOptions, PlainGraphQLPost, ReadinessCheck, RouteHandler, RunningHttpServer } from './http';
export { BATCH_CONTENT_TYPE, batchedRequest, CapturedResponse, decodeBatchAnswers, encodeBatchAnswers, MAX_BATCH_OPERATIONS, parseBatchRequest } from './batch';
export type { BatchAnswer, BatchedRequest } from './batch';
export { createLogger, redactText, serializeError } from './logger';
export { OperationTextCache } from './text-cache';
export type { Logger } from './logger';
export { closeAll, exitOnSignals } from './shutdown';
export type { Closeable } from './shutdown';
export { activeTraceId, contextFromTraceparent, currentTraceparent, injectTraceHeaders, inSpan, SpanKind, SpanStatusCode, startTracing } from './tracing';
export type { Span, Tracer, Tracing } from './tracing';
export { bucketQuantile, EventLoopDelay, histogramBuckets, LabelledHistogram, LAG_BUCKETS, OperationMetrics, operationLabel } from './metrics';
