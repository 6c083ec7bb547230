import { ServiceError } from './service';
import type { Shape, ShapeRef, ServiceModel } from './service-model';

export interface ValidateOptions {
  /** The error code to throw; default from the service (see `validationErrorCode`). */
  readonly errorCode?: string;
  /** Default 400. */
  readonly status?: number;
}

/** Each AWS service names its validation error its own way. */
const VALIDATION_ERROR_CODES: Record<string, string> = {
  interconnect: 'InterconnectValidationException',
  directconnect: 'DirectConnectClientException',
};

export function validationErrorCode(model: ServiceModel): string {
  return VALIDATION_ERROR_CODES[String(model.metadata.endpointPrefix)] ?? 'ValidationException';
}

/**
 * Throws the service's validation error when `input` does not satisfy the operation's input shape:
 * required members, string length and pattern, enums, number ranges, list and map sizes, unions.
 * REST-JSON services pass path, query, header and body members merged into one object.
 */
export function validateInput(model: ServiceModel, operation: string, input: unknown, options: ValidateOptions = {}): void {
  const problems = findInputProblems(model, operation, input);
  if (problems.length === 0) return;
  const count = problems.length === 1 ? '1 validation error detected' : `${problems.length} validation errors detected`;
  throw new ServiceError(options.status ?? 400, options.errorCode ?? validationErrorCode(model), `${count}: ${problems.join('; ')}`);
}

/** Every constraint `input` breaks, one message each, naming the member and the constraint. */
export function findInputProblems(model: ServiceModel, operation: string, input: unknown): string[] {
  const op = model.operation(operation);
  if (!op) throw new Error(`Operation ${operation} is not in the ${model.name} model`);
  if (!op.input) return [];
  const problems: string[] = [];
  checkValue(model, model.shape(op.input.shape), input ?? {}, '', problems);
  return problems;
}

const compiled = new Map<string, RegExp | null>();

/**
 * The model's patterns are Java regular expressions that must match the whole value. Most compile in JS
 * as they are; those that do not (possessive quantifiers, Java-only classes) are skipped rather than
 * guessed at, so the emulator never rejects a value AWS would take.
 */
function patternOf(source: string): RegExp | null {
  if (!compiled.has(source)) {
    let re: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        re = new RegExp(`^(?:${source})$`, flags);
        break;
      } catch {
        re = null;
      }
    }
    compiled.set(source, re);
  }
  return compiled.get(source)!;
}

function quote(shape: Shape, value: unknown): string {
  // A sensitive value (an activation key, a secret) never goes into an error message that may be logged.
  if (shape.sensitive) return 'Value';
  return `Value '${typeof value === 'string' ? value : JSON.stringify(value)}'`;
}

function at(path: string): string {
  return path === '' ? 'input' : path;
}

function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function memberValue(obj: Record<string, unknown>, name: string, ref: ShapeRef): unknown {
  const v = obj[name] ?? (ref.locationName ? obj[ref.locationName] : undefined) ?? (ref.jsonName ? obj[ref.jsonName] : undefined);
  return v === null ? undefined : v;
}

function checkValue(model: ServiceModel, shape: Shape, value: unknown, path: string, problems: string[]): void {
  const fail = (constraint: string): void => {
    problems.push(`${quote(shape, value)} at '${at(path)}' failed to satisfy constraint: ${constraint}`);
  };
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('Member must be a structure');
      const obj = value as Record<string, unknown>;
      const members = shape.members ?? {};
      for (const name of shape.required ?? []) {
        if (memberValue(obj, name, members[name] ?? { shape: '' }) === undefined) {
          problems.push(`Value null at '${child(path, name)}' failed to satisfy constraint: Member must not be null`);
        }
      }
      const present = Object.entries(members).filter(([name, ref]) => memberValue(obj, name, ref) !== undefined);
      if (shape.union && present.length !== 1) {
        problems.push(`Value at '${at(path)}' failed to satisfy constraint: Union must have exactly one member set, found ${present.length}`
          + (present.length ? ` (${present.map(([n]) => n).join(', ')})` : ''));
      }
      for (const [name, ref] of present) {
        checkValue(model, model.shape(ref.shape), memberValue(obj, name, ref), child(path, name), problems);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return fail('Member must be a list');
      checkSize(shape, value.length, fail);
      value.forEach((item, i) => {
        if (item !== null && item !== undefined) checkValue(model, model.shape(shape.member!.shape), item, `${path}.${i + 1}.member`, problems);
      });
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('Member must be a map');
      const entries = Object.entries(value as Record<string, unknown>);
      checkSize(shape, entries.length, fail);
      for (const [k, v] of entries) {
        checkValue(model, model.shape(shape.key!.shape), k, `${path}.key`, problems);
        if (v !== null && v !== undefined) checkValue(model, model.shape(shape.value!.shape), v, `${path}.${k}`, problems);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') return fail('Member must be a string');
      if (shape.min !== undefined && [...value].length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && [...value].length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
      if (shape.enum && !shape.enum.includes(value)) fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.pattern) {
        const re = patternOf(shape.pattern);
        if (re && !re.test(value)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail('Member must be an integer');
      checkRange(shape, value, fail);
      return;
    }
    case 'float':
    case 'double': {
      if (typeof value !== 'number') return fail('Member must be a number');
      checkRange(shape, value, fail);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail('Member must be a boolean');
      return;
    case 'timestamp':
      if (typeof value !== 'number' && typeof value !== 'string') fail('Member must be a timestamp');
      return;
    case 'blob':
      if (typeof value !== 'string') fail('Member must be base64-encoded binary');
      return;
    default:
      // document and anything newer: accept, as the service would not reject what we cannot describe.
      return;
  }
}

function checkSize(shape: Shape, size: number, fail: (c: string) => void): void {
  if (shape.min !== undefined && size < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && size > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
}

function checkRange(shape: Shape, value: number, fail: (c: string) => void): void {
  if (shape.min !== undefined && value < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
}
