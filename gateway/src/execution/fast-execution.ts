import * as operations from '@apollo/federation-internals/dist/operations';
import { type Operation, type Schema } from '@apollo/federation-internals';
import * as shaping from '@apollo/gateway/dist/resultShaping';
import { type DefinitionNode } from 'graphql';

import { compileShaping, type ResponseShaper } from './result-shaping';

/**
 * Per-operation work @apollo/gateway 2.14 repeats on every request, done once: `executeQueryPlan`
 * builds its federation Operation from the request's document again (operationFromDocument, 4% of
 * the gateway's CPU on a page of tickets) and shapes the answer by walking that Operation
 * (computeResponse, 13%). Apollo Server hands the gateway the same parsed document for the same
 * query text, so the Operation is kept per schema and operation node, and its answers are shaped
 * by closures compiled from it (result-shaping.ts).
 *
 * Both are module exports the gateway reads at call time (`(0, module_1.name)(…)`), so they are
 * replaced where they are defined. `installFastExecution` checks that they are still there and are
 * functions; if a new @apollo/gateway moved them, it leaves the gateway as it is and says so.
 */

type OperationFromDocument = typeof operations.operationFromDocument;
type ComputeResponse = typeof shaping.computeResponse;

interface Kept {
  definitions: readonly DefinitionNode[];
  operation: Operation;
}

let installed: { operations: number; shapers: number } | undefined;

function sameDefinitions(a: readonly DefinitionNode[], b: readonly DefinitionNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * operationFromDocument, kept for the gateway's own per-request call (`validate: false`, no
 * operation name: the document is the operation node and its fragments, already validated); the
 * query planner's calls (with an operation name, once per new operation) go straight through.
 */
function keptOperations(original: OperationFromDocument, stable: WeakSet<Operation>, counts: { operations: number }): OperationFromDocument {
  const kept = new WeakMap<Schema, WeakMap<DefinitionNode, Kept>>();
  return (schema, document, options) => {
    const first = document.definitions[0];
    if (options?.validate !== false || options.operationName !== undefined || !first) return original(schema, document, options);
    let bySchema = kept.get(schema);
    if (!bySchema) kept.set(schema, (bySchema = new WeakMap()));
    const hit = bySchema.get(first);
    if (hit && sameDefinitions(hit.definitions, document.definitions)) return hit.operation;
    const operation = original(schema, document, options);
    bySchema.set(first, { definitions: [...document.definitions], operation });
    stable.add(operation);
    counts.operations++;
    return operation;
  };
}

function compiledResponses(original: ComputeResponse, stable: WeakSet<Operation>, counts: { shapers: number }): ComputeResponse {
  const shapers = new WeakMap<Operation, ResponseShaper>();
  const answeredOnce = new WeakSet<Operation>();
  return (args) => {
    // An Operation built for this request alone would be compiled for one answer: the original is
    // cheaper. So is it for an operation's first answer (a document used once, as a test's).
    if (!stable.has(args.operation)) return original(args);
    let shaper = shapers.get(args.operation);
    if (!shaper) {
      if (!answeredOnce.has(args.operation)) {
        answeredOnce.add(args.operation);
        return original(args);
      }
      shaper = compileShaping(args.operation);
      shapers.set(args.operation, shaper);
      counts.shapers++;
    }
    return shaper(args.input, args.variables, args.introspectionHandling) as ReturnType<ComputeResponse>;
  };
}

/** Installs both, once per process; false (and nothing changed) when @apollo/gateway's internals are not where 2.14 has them. */
export function installFastExecution(): boolean {
  if (installed) return true;
  const operationsModule = operations as { operationFromDocument: OperationFromDocument };
  const shapingModule = shaping as { computeResponse: ComputeResponse };
  if (typeof operationsModule.operationFromDocument !== 'function' || typeof shapingModule.computeResponse !== 'function') return false;
  const stable = new WeakSet<Operation>();
  const counts = { operations: 0, shapers: 0 };
  const fromDocument = keptOperations(operationsModule.operationFromDocument, stable, counts);
  const computeResponse = compiledResponses(shapingModule.computeResponse, stable, counts);
  operationsModule.operationFromDocument = fromDocument;
  shapingModule.computeResponse = computeResponse;
  if (operationsModule.operationFromDocument !== fromDocument || shapingModule.computeResponse !== computeResponse) return false;
  installed = counts;
  return true;
}

/** Operations kept and shapers compiled since installFastExecution (for tests and /metrics). */
export function fastExecutionCounts(): { operations: number; shapers: number } {
  return { ...(installed ?? { operations: 0, shapers: 0 }) };
}
