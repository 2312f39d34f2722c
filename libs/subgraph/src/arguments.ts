import { dirname, join } from 'node:path';

import { getMetadataStorage as validationStorage } from 'class-validator';

/**
 * type-graphql's handling of resolver arguments, made cheap for every request (issue 14). Before a
 * resolver with arguments runs, type-graphql turns each argument into instances of its classes and
 * validates it. Both were a twentieth of a 20-ticket page's CPU and cost nothing to a
 * `{ __typename }`:
 * - the conversion looked its classes up again on every call (a linear search of all input types
 *   per field per request) and rebuilt each input type's field list;
 * - the validation is an `async` function, so every argument became a promise even where our
 *   `validateFn` (schema.ts `validateArgument`) answers synchronously, and every resolver with an
 *   argument waited a turn of promises before it started.
 *
 * Here the conversion follows a plan made once per class, class-validator's rules of a class are
 * gathered once (rememberRules), and the validation returns the value
 * itself when `validateFn` returned nothing (a promise when it returned one; its error is thrown
 * either way, as type-graphql's would reject with it). What a resolver receives is what it did:
 * instances built by type-graphql's own `convertToType`, field by field as type-graphql walks them
 * (a spec compares both on nested, listed and self-referencing inputs).
 *
 * type-graphql calls these through its modules' exports at each call, so replacing the exports
 * replaces them everywhere. Its package exports only its entry point: the modules are reached by
 * their files, next to the entry point.
 */

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Class = Function & { prototype: unknown };
interface FieldMetadata { name: string; getType(): unknown }
interface ClassMetadata { target: Class; fields?: FieldMetadata[] }
interface ParamMetadata { name?: string; getType(): unknown }
type ValidateFn = (value: unknown, type: unknown, resolverData: unknown) => unknown;

const built = dirname(require.resolve('type-graphql'));
// The modules are loaded by their files (the package exports none of them), the same instances type-graphql uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(file: string): T => require(join(built, file)) as T;

const { getMetadataStorage } = load<{ getMetadataStorage(): { inputTypes: ClassMetadata[]; argumentTypes: ClassMetadata[] } }>('metadata/getMetadataStorage.js');
const { convertToType } = load<{ convertToType(target: unknown, data: unknown): unknown }>('helpers/types.js');
const convertArgs = load<{
  convertArgsToInstance(metadata: ParamMetadata, args: Record<string, unknown>): unknown;
  convertArgToInstance(metadata: ParamMetadata, args: Record<string, unknown>): unknown;
}>('resolvers/convert-args.js');
const validateArgs = load<{ validateArg(...args: unknown[]): unknown }>('resolvers/validate-arg.js');

/** How to turn one input type's value into instances: its class and, per field, the field's own plan (null for a scalar or enum). */
interface InputPlan {
  target: unknown;
  fields: { name: string; target: unknown; plan: InputPlan | null }[];
}

const inputPlans = new Map<unknown, InputPlan | null>();

/** The fields of a class's metadata and of its superclasses' (a subclass's own first, a name once), as type-graphql gathers them. */
function fieldsWithInherited(target: Class, find: (target: unknown) => ClassMetadata | undefined, dedupe: boolean): FieldMetadata[] {
  let fields = [...(find(target)?.fields ?? [])];
  for (let parent = Object.getPrototypeOf(target) as Class; parent.prototype !== undefined; parent = Object.getPrototypeOf(parent) as Class) {
    const inherited = find(parent)?.fields ?? [];
    const own = new Set(fields.map((f) => f.name));
    fields = [...fields, ...(dedupe ? inherited.filter((f) => !own.has(f.name)) : inherited)];
  }
  return fields;
}

const inputTypeOf = (target: unknown) => getMetadataStorage().inputTypes.find((t) => t.target === target);

/** The plan of an input type (null if `target` is none), made on first use; a type that contains itself shares its plan. */
function planOf(target: unknown): InputPlan | null {
  const known = inputPlans.get(target);
  if (known !== undefined) return known;
  if (!inputTypeOf(target)) {
    inputPlans.set(target, null);
    return null;
  }
  const plan: InputPlan = { target, fields: [] };
  inputPlans.set(target, plan);
  for (const field of fieldsWithInherited(target as Class, inputTypeOf, true)) {
    const fieldTarget = field.getType();
    plan.fields.push({ name: field.name, target: fieldTarget, plan: planOf(fieldTarget) });
  }
  return plan;
}

function toInput(plan: InputPlan, data: unknown): unknown {
  if (data == null) return data;
  if (Array.isArray(data)) return data.map((item) => toInput(plan, item));
  const fields: Record<string, unknown> = {};
  for (const field of plan.fields) {
    const value = (data as Record<string, unknown>)[field.name];
    if (value === undefined) continue;
    if (value === null || !field.plan) fields[field.name] = convertToType(field.target, value);
    else if (Array.isArray(value)) fields[field.name] = value.map((item) => toInput(field.plan!, item));
    else fields[field.name] = toInput(field.plan, value);
  }
  return convertToType(plan.target, fields);
}

function toInstances(target: unknown, value: unknown): unknown {
  if (value == null) return value;
  if (Array.isArray(value)) return value.map((item) => toInstances(target, item));
  const plan = planOf(target);
  return plan ? toInput(plan, value) : convertToType(target, value);
}

/** Per `@ArgsType` class, its fields and its superclasses' (all of them, as type-graphql takes them). */
const argsFields = new Map<unknown, { name: string; target: unknown }[]>();

function fieldsOfArgs(argsClass: Class): { name: string; target: unknown }[] {
  let fields = argsFields.get(argsClass);
  if (!fields) {
    const argsTypeOf = (target: unknown) => getMetadataStorage().argumentTypes.find((t) => t.target === target);
    fields = fieldsWithInherited(argsClass, argsTypeOf, false).map((f) => ({ name: f.name, target: f.getType() }));
    argsFields.set(argsClass, fields);
  }
  return fields;
}

function convertArgsToInstance(metadata: ParamMetadata, args: Record<string, unknown>): unknown {
  const argsClass = metadata.getType() as Class;
  const values: Record<string, unknown> = {};
  for (const field of fieldsOfArgs(argsClass)) {
    const value = args[field.name];
    if (value !== undefined) values[field.name] = toInstances(field.target, value);
  }
  return convertToType(argsClass, values);
}

function convertArgToInstance(metadata: ParamMetadata, args: Record<string, unknown>): unknown {
  return toInstances(metadata.getType(), args[metadata.name!]);
}

const validateArgAsync = validateArgs.validateArg;

function validateArg(value: unknown, type: unknown, resolverData: unknown, globalSettings: unknown, argSettings: unknown, globalFn?: ValidateFn, argFn?: ValidateFn): unknown {
  const validate = argFn ?? globalFn;
  if (typeof validate !== 'function') return validateArgAsync(value, type, resolverData, globalSettings, argSettings, globalFn, argFn);
  const checking = validate(value, type, resolverData);
  return checking && typeof (checking as PromiseLike<unknown>).then === 'function' ? (checking as PromiseLike<unknown>).then(() => value) : value;
}

/**
 * class-validator gathers a class's rules afresh on every validation: its own, then those of every
 * class with rules that it extends (an `instanceof` against each of them). Kept per class and
 * options until a rule is added (a class defined later).
 */
function rememberRules(): void {
  type Storage = { getTargetValidationMetadatas(...args: unknown[]): unknown[]; addValidationMetadata(metadata: unknown): void };
  const storage = validationStorage() as unknown as Storage;
  const gather = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let known = new Map<unknown, Map<string, unknown[]>>();
  storage.addValidationMetadata = (metadata) => {
    known = new Map();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // Groups are a list (rarely given): only calls without them are kept.
    if ((groups as unknown[] | undefined)?.length) return gather(target, schema, always, strictGroups, groups);
    const key = `${String(schema)}|${String(always)}|${String(strictGroups)}`;
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = gather(target, schema, always, strictGroups, groups)));
    return rules;
  };
}

let installed = false;

/** Replaces type-graphql's argument conversion and validation with the ones above; once per process. */
export function installFastArguments(): void {
  if (installed) return;
  installed = true;
  convertArgs.convertArgsToInstance = convertArgsToInstance;
  convertArgs.convertArgToInstance = convertArgToInstance;
  validateArgs.validateArg = validateArg;
  rememberRules();
}

/** type-graphql's own conversion, for the spec that compares both. */
export const originalConversion = { convertArgsToInstance: convertArgs.convertArgsToInstance, convertArgToInstance: convertArgs.convertArgToInstance };
export const fastConversion = { convertArgsToInstance, convertArgToInstance };
