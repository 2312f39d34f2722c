import * as federation from '@apollo/federation-internals';
import {
  type CompositeType, type FieldSelection, type FragmentSelection, type NamedType, type ObjectType, type Operation, type Schema, type SelectionSet, type Type,
} from '@apollo/federation-internals';
import { type GraphQLError } from 'graphql';

// Read once: the package's index re-exports through getters, a function call for every use of a
// name (a fifth of the gateway's shaping time went to them, called for every value of every answer).
const assert: typeof federation.assert = federation.assert;
const {
  ERRORS, isCompositeType, isCustomScalarType, isEnumType, isListType, isNonNullType, isObjectType, isSubtype, isValidLeafValue, Variable,
} = federation;
type Variable = federation.Variable;

/**
 * The gateway's last step, done once per operation instead of once per request: @apollo/gateway's
 * `computeResponse` (resultShaping.js) walks the operation's selections, their directives, field
 * definitions and type wrappers again for every answer, through getters, at about an eighth of the
 * gateway's CPU on a page of tickets. `compileShaping` resolves all of that from the operation once
 * into closures that do the same walk over the data alone: the same output, the same field order,
 * the same errors with the same messages and paths, and the same exceptions for data no subgraph
 * may send (result-shaping.spec.ts runs both on generated answers).
 */

type IntrospectionHandling = (selection: FieldSelection) => unknown;

/** What computeResponse returns. */
export interface Shaped {
  data: Record<string, unknown> | null | undefined;
  errors: GraphQLError[];
}

interface Run {
  variables: Record<string, unknown> | undefined;
  errors: GraphQLError[];
  path: (string | number)[];
  introspection: IntrospectionHandling;
  /** Flags of the last value shaped (computeResponse's `isInvalid` and `hasErrors`). */
  invalid: boolean;
  hasErrors: boolean;
}

/** Shapes one field's value: computeResponse's updateOutputValue for one position of the type's wrappers. */
type ValueShaper = (outputValue: unknown, inputValue: unknown, run: Run, parentType: CompositeType) => unknown;
/** Copies one selection set from the answer into the output: false when a null bubbles up past it. */
type SetShaper = (input: Record<string, unknown>, output: Record<string, unknown>, run: Run, parentType: CompositeType) => boolean;

/** A @skip or @include argument: a constant, or a variable read per request. */
type Condition = boolean | { variable: Variable; directive: unknown };

const hasOwn = Object.prototype.hasOwnProperty;
const TYPENAME = '__typename';

function pathDescription(path: readonly (string | number)[], currentType: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${currentType} at index ${element}`;
}

function conditionOf(schema: Schema, selection: FieldSelection | FragmentSelection, name: 'skip' | 'include'): Condition | undefined {
  const directive = selection.element.appliedDirectivesOf(name === 'skip' ? schema.skipDirective() : schema.includeDirective())[0];
  if (!directive) return undefined;
  const value = (directive.arguments() as { if: unknown }).if;
  return value instanceof Variable ? { variable: value, directive } : (value as boolean);
}

function conditionValue(condition: Condition, variables: Record<string, unknown> | undefined): boolean {
  if (typeof condition === 'boolean') return condition;
  const name = condition.variable.name;
  const value = variables && hasOwn.call(variables, name) ? variables[name] : undefined;
  assert(value !== undefined && typeof value === 'boolean', () => `Unexpected value ${value} for variable ${condition.variable} of ${condition.directive}`);
  return value;
}

/** computeResponse's shouldSkip, with constant arguments decided now: undefined when never skipped. */
function skipOf(schema: Schema, selection: FieldSelection | FragmentSelection): ((run: Run) => boolean) | 'always' | undefined {
  const skip = conditionOf(schema, selection, 'skip');
  const include = conditionOf(schema, selection, 'include');
  if (skip === undefined && include === undefined) return undefined;
  if ((skip === undefined || typeof skip === 'boolean') && (include === undefined || typeof include === 'boolean')) {
    return skip === true || include === false ? 'always' : undefined;
  }
  return (run) => (skip !== undefined && conditionValue(skip, run.variables)) || (include !== undefined && !conditionValue(include, run.variables));
}

function leafShaper(schema: Schema, type: Type): ValueShaper {
  const leaf = type as Parameters<typeof isValidLeafValue>[2];
  // isValidLeafValue, with the common answers decided without it.
  const valid: (value: unknown) => boolean = isCustomScalarType(type)
    ? () => true
    : isEnumType(type)
      ? ((values) => (value: unknown) => (typeof value === 'string' ? values.has(value) : isValidLeafValue(schema, value, leaf)))(new Set(type.values.map((v) => v.name)))
      : type === schema.stringType()
        ? (value) => typeof value === 'string' || isValidLeafValue(schema, value, leaf)
        : (value) => isValidLeafValue(schema, value, leaf);
  return (outputValue, inputValue, run, parentType) => {
    assert(outputValue === undefined, () => `Excepted output to be undefined but got ${type} for type ${type}`);
    if (valid(inputValue)) return inputValue;
    run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${pathDescription(run.path, type, parentType)}.`, { path: Array.from(run.path) }));
    run.hasErrors = true;
    return null;
  };
}

function compositeShaper(schema: Schema, type: CompositeType, selectionSet: SelectionSet | undefined, compile: (set: SelectionSet) => SetShaper): ValueShaper {
  const selections = selectionSet ? compile(selectionSet) : undefined;
  return (outputValue, inputValue, run, parentType) => {
    assert(selectionSet, () => `Invalid empty selection set for composite type ${type}`);
    assert(typeof inputValue === 'object', () => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
    assert(outputValue === undefined || typeof outputValue === 'object', () => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
    const input = inputValue as Record<string, unknown>;
    const inputTypename = input[TYPENAME];
    assert(inputTypename === undefined || typeof inputTypename === 'string', () => `Invalid non-string value ${inputTypename} for __typename at ${run.path}`);
    let objType: CompositeType = type;
    if (inputTypename) {
      const typenameType = schema.type(inputTypename);
      if (!typenameType || !isCompositeType(typenameType)) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${pathDescription(run.path, type, parentType)}.`, { path: Array.from(run.path) }));
        run.hasErrors = true;
        return null;
      }
      objType = typenameType;
    }
    const output = (outputValue ?? Object.create(null)) as Record<string, unknown>;
    const ok = selections!(input, output, run, objType);
    run.invalid = false;
    run.hasErrors = !ok;
    return ok ? output : null;
  };
}

/** updateOutputValue for `type` and everything it wraps, decided once. */
function valueShaper(schema: Schema, type: Type, selectionSet: SelectionSet | undefined, compile: (set: SelectionSet) => SetShaper): ValueShaper {
  const shape = shaperOfWrapper(schema, type, selectionSet, compile);
  return (outputValue, inputValue, run, parentType) => {
    run.invalid = false;
    run.hasErrors = false;
    if (outputValue === null || (outputValue !== undefined && !selectionSet)) return outputValue;
    return shape(outputValue, inputValue, run, parentType);
  };
}

function shaperOfWrapper(schema: Schema, type: Type, selectionSet: SelectionSet | undefined, compile: (set: SelectionSet) => SetShaper): ValueShaper {
  if (isNonNullType(type)) {
    const inner = valueShaper(schema, type.ofType, selectionSet, compile);
    return (outputValue, inputValue, run, parentType) => {
      const updated = inner(outputValue, inputValue, run, parentType);
      if (updated === null) {
        if (!run.hasErrors) {
          run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${pathDescription(run.path, type.ofType, parentType)}.`, { path: Array.from(run.path) }));
        }
        run.invalid = true;
        run.hasErrors = true;
        return null;
      }
      run.invalid = false;
      run.hasErrors = false;
      return updated;
    };
  }
  const named = shaperOfNullable(schema, type, selectionSet, compile);
  return (outputValue, inputValue, run, parentType) => (inputValue === null ? null : named(outputValue, inputValue, run, parentType));
}

function shaperOfNullable(schema: Schema, type: Type, selectionSet: SelectionSet | undefined, compile: (set: SelectionSet) => SetShaper): ValueShaper {
  if (isListType(type)) {
    const element = valueShaper(schema, type.ofType, selectionSet, compile);
    return (outputValue, inputValue, run, parentType) => {
      assert(Array.isArray(inputValue), () => `Invalid non-list value ${inputValue} returned by subgraph for list type ${type}`);
      assert(outputValue === undefined || Array.isArray(outputValue), () => `Invalid non-list value ${outputValue} returned by subgraph for list type ${type}`);
      const outputs = outputValue as unknown[] | undefined;
      assert(outputs === undefined || inputValue.length === outputs.length, () => `[${inputValue}].length (${inputValue.length}) !== [${outputs}].length (${outputs?.length})`);
      let nullify = false;
      let hasErrors = false;
      const updated = new Array<unknown>(inputValue.length);
      for (let i = 0; i < inputValue.length; i++) {
        run.path.push(i);
        updated[i] = element(outputs?.[i], inputValue[i], run, parentType);
        run.path.pop();
        nullify ||= run.invalid;
        hasErrors ||= run.hasErrors;
      }
      run.invalid = false;
      run.hasErrors = hasErrors;
      return nullify ? null : updated;
    };
  }
  if (isCompositeType(type)) return compositeShaper(schema, type, selectionSet, compile);
  return leafShaper(schema, type);
}

function fieldShaper(schema: Schema, selection: FieldSelection, compile: (set: SelectionSet) => SetShaper): SetShaper {
  const field = selection.element;
  const responseName = field.responseName();
  if (field.definition.isSchemaIntrospectionField()) {
    return (_input, output, run) => {
      if (output[responseName] === undefined) output[responseName] = run.introspection(selection);
      return true;
    };
  }
  if (field.name === TYPENAME) {
    return (input, output, _run, parentType) => {
      if (output[responseName] !== undefined) return true;
      let inputValue = (hasOwn.call(input, responseName) ? input[responseName] : undefined) ?? null;
      if (inputValue === null && responseName !== TYPENAME) inputValue = input[TYPENAME] ?? null;
      const type: NamedType = inputValue !== null && typeof inputValue === 'string' ? (schema.type(inputValue) ?? parentType) : parentType;
      if (!isObjectType(type)) return false;
      output[responseName] = (type as ObjectType).name;
      return true;
    };
  }
  const value = valueShaper(schema, field.definition.type!, selection.selectionSet, compile);
  return (input, output, run, parentType) => {
    const inputValue = (hasOwn.call(input, responseName) ? input[responseName] : undefined) ?? null;
    run.path.push(responseName);
    output[responseName] = value(output[responseName], inputValue, run, parentType);
    run.path.pop();
    return !run.invalid;
  };
}

function fragmentShaper(schema: Schema, selection: FragmentSelection, compile: (set: SelectionSet) => SetShaper): SetShaper {
  const condition = selection.element.typeCondition;
  const inner = compile(selection.selectionSet);
  return (input, output, run, parentType) => {
    const typename = input[TYPENAME];
    assert(!typename || typeof typename === 'string', () => `Got unexpected value for __typename: ${typename}`);
    if (condition) {
      const type = typename ? schema.type(typename as string) : parentType;
      if (!type || !isSubtype(condition, type)) return true;
    }
    return inner(input, output, run, condition ?? parentType);
  };
}

function setShaper(schema: Schema, selectionSet: SelectionSet): SetShaper {
  const compile = (set: SelectionSet) => setShaper(schema, set);
  const steps: SetShaper[] = [];
  for (const selection of selectionSet.selections()) {
    const skip = skipOf(schema, selection);
    if (skip === 'always') continue;
    const step = selection.kind === 'FieldSelection' ? fieldShaper(schema, selection, compile) : fragmentShaper(schema, selection, compile);
    steps.push(skip ? (input, output, run, parentType) => skip(run) || step(input, output, run, parentType) : step);
  }
  return (input, output, run, parentType) => {
    for (let i = 0; i < steps.length; i++) if (!steps[i](input, output, run, parentType)) return false;
    return true;
  };
}

/** A response shaper for one operation: computeResponse's result for the same arguments. */
export type ResponseShaper = (input: Record<string, unknown> | null | undefined, variables: Record<string, unknown> | undefined, introspection: IntrospectionHandling) => Shaped;

export function compileShaping(operation: Operation): ResponseShaper {
  const schema = operation.schema();
  const root = setShaper(schema, operation.selectionSet);
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!;
  const defaults = operation.collectDefaultedVariableValues();
  const hasDefaults = Object.keys(defaults).length > 0;
  return (input, variables, introspection) => {
    if (!input) return { data: input, errors: [] };
    const run: Run = {
      variables: hasDefaults ? { __proto__: null, ...defaults, ...variables } : variables,
      errors: [],
      path: [],
      introspection,
      invalid: false,
      hasErrors: false,
    };
    const data = Object.create(null) as Record<string, unknown>;
    return { data: root(input, data, run, rootType) ? data : null, errors: run.errors };
  };
}
