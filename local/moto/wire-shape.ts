import type { ServiceModel, Shape } from '../emulator/service-model';

/**
 * The shape of a JSON answer: each member path (`connections[].tags[].key`, `VersionIdsToStages{}`) with
 * its JSON type, read alongside the botocore model so that map keys (values, not names) collapse to `{}`
 * and each path also carries the type the model gives it, or none when the model has no such member.
 * Nulls count as absent, as the SDKs read them.
 */
export type WireShape = Map<string, ShapeEntry>;

export interface ShapeEntry {
  /** `string`, `number`, `boolean`, `object`, `array`; two types joined with `|` when list items differ. */
  readonly type: string;
  /** The JSON type the model gives this path; undefined when the model has no such member. */
  readonly modelType?: string;
}

/** Which side the model says is right about one difference, when it decides it alone. */
export type ModelVerdict = 'emulator' | 'moto' | 'both';

export interface Difference {
  /** A stable sentence naming the call and what differs, without values that differ by design (ids). */
  readonly key: string;
  readonly modelSays?: ModelVerdict;
}

/** What one side answered to one call. */
export type Answer =
  | { readonly ok: true; readonly status: number; readonly shape: WireShape; readonly sdkError?: string }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string; readonly shape: WireShape };

function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** The JSON type a botocore shape travels as in the JSON and REST-JSON protocols. */
function modelJsonType(shape: Shape | undefined): string | undefined {
  if (!shape) return undefined;
  switch (shape.type) {
    case 'string': case 'blob': return 'string';
    case 'integer': case 'long': case 'float': case 'double': return 'number';
    case 'boolean': return 'boolean';
    case 'timestamp': return (shape as { timestampFormat?: string }).timestampFormat === 'iso8601' ? 'string' : 'number';
    case 'structure': case 'map': return 'object';
    case 'list': return 'array';
    default: return shape.type;
  }
}

/** The shape of `value` read as the model's `shapeName` (undefined: a value the model does not describe). */
export function wireShape(model: ServiceModel, shapeName: string | undefined, value: unknown, skip: readonly string[] = []): WireShape {
  const out: WireShape = new Map();
  const walk = (v: unknown, name: string | undefined, path: string) => {
    if (v === null || v === undefined) return;
    const shape = name ? model.shape(name) : undefined;
    if (path) {
      const type = jsonType(v);
      const seen = out.get(path);
      const merged = seen && seen.type !== type ? [...new Set([...seen.type.split('|'), type])].sort().join('|') : type;
      out.set(path, { type: merged, modelType: name ? modelJsonType(shape) : undefined });
    }
    if (Array.isArray(v)) {
      for (const item of v) walk(item, shape?.type === 'list' ? shape.member?.shape : undefined, `${path}[]`);
    } else if (typeof v === 'object') {
      for (const [key, member] of Object.entries(v as Record<string, unknown>)) {
        if (!path && skip.includes(key)) continue;
        if (shape?.type === 'map') walk(member, shape.value?.shape, `${path}{}`);
        else walk(member, shape?.type === 'structure' ? shape.members?.[key]?.shape : undefined, path ? `${path}.${key}` : key);
      }
    }
  };
  walk(value, shapeName, '');
  return out;
}

/** `a.b[]` for `a.b[].c`, `a` for `a{}`, and '' for a top-level member. */
function parentOf(path: string): string {
  const match = /(\[\]|\{\}|\.[^.[{]+)$/.exec(path);
  return match ? path.slice(0, match.index) : '';
}

/**
 * The differences between two shapes of one answer: members only one side sends (reported at the
 * outermost path only), or sent with another type. The model decides a difference alone when one side
 * sends a member the model does not have, or a type the model does not give it. Members the model has
 * that only one side sends (optional members: AWS may or may not send them) are one difference a side
 * and call, listing them all, so that the table stays readable and a change to the list still shows.
 */
export function shapeDifferences(call: string, emulator: WireShape, moto: WireShape): Difference[] {
  const out: Difference[] = [];
  const optional = { emulator: [] as string[], moto: [] as string[] };
  for (const path of [...new Set([...emulator.keys(), ...moto.keys()])].sort()) {
    const ours = emulator.get(path);
    const theirs = moto.get(path);
    if (ours && theirs && ours.type === theirs.type) continue;
    if (!ours && parentOf(path) && !emulator.has(parentOf(path))) continue;
    if (!theirs && parentOf(path) && !moto.has(parentOf(path))) continue;
    const modelType = (ours ?? theirs)!.modelType;
    let modelSays: ModelVerdict | undefined;
    if (ours && theirs) {
      modelSays = ours.type === modelType ? 'emulator' : theirs.type === modelType ? 'moto' : undefined;
    } else if (modelType === undefined) {
      modelSays = ours ? 'moto' : 'emulator';
    } else if ((ours ?? theirs)!.type === modelType) {
      optional[ours ? 'emulator' : 'moto'].push(path);
      continue;
    } else {
      modelSays = ours ? 'moto' : 'emulator';
    }
    const model = modelType ? `the model: ${modelType}` : 'not in the model';
    out.push({ key: `${call}: ${path}: emulator ${ours?.type ?? 'absent'}, moto ${theirs?.type ?? 'absent'} (${model})`, modelSays });
  }
  for (const side of ['emulator', 'moto'] as const) {
    if (optional[side].length > 0) {
      out.push({ key: `${call}: optional members only the ${side} sends: ${optional[side].join(', ')}`, modelSays: 'both' });
    }
  }
  return out;
}

/** An error code the model names for this service (an exception shape), or a protocol-wide one. */
function knownError(model: ServiceModel, code: string): boolean {
  const COMMON = ['ValidationException', 'ThrottlingException', 'AccessDeniedException', 'InvalidSignatureException', 'UnrecognizedClientException'];
  if (COMMON.includes(code)) return true;
  try {
    return model.shape(code).exception === true;
  } catch {
    return false;
  }
}

/** Every difference between the two answers to one call: success or error, status, code, message, shape. */
export function answerDifferences(model: ServiceModel, call: string, emulator: Answer, moto: Answer): Difference[] {
  const out: Difference[] = [];
  const describe = (a: Answer) => (a.ok ? `success ${a.status}` : `${a.code} ${a.status}`);
  if (emulator.ok !== moto.ok) {
    return [{ key: `${call}: emulator answers ${describe(emulator)}, moto answers ${describe(moto)}` }];
  }
  if (emulator.status !== moto.status) {
    const code = !emulator.ok ? emulator.code : undefined;
    const expected = code && !moto.ok && code === moto.code ? model.errorStatus(code) : undefined;
    out.push({
      key: `${call}: HTTP status: emulator ${emulator.status}, moto ${moto.status}`,
      modelSays: expected === emulator.status ? 'emulator' : expected === moto.status ? 'moto' : undefined,
    });
  }
  if (!emulator.ok && !moto.ok) {
    if (emulator.code !== moto.code) {
      const ours = knownError(model, emulator.code);
      const theirs = knownError(model, moto.code);
      out.push({
        key: `${call}: error code: emulator ${emulator.code}, moto ${moto.code}`,
        modelSays: ours && !theirs ? 'emulator' : theirs && !ours ? 'moto' : undefined,
      });
    }
    if (emulator.message !== moto.message) {
      out.push({ key: `${call}: message: emulator "${emulator.message}", moto "${moto.message}"` });
    }
  }
  if (emulator.ok && moto.ok) {
    for (const [side, a] of [['emulator', emulator], ['moto', moto]] as const) {
      if (a.sdkError) out.push({ key: `${call}: the SDK cannot read the ${side}'s answer: ${a.sdkError.split('\n')[0]}`, modelSays: side === 'emulator' ? 'moto' : 'emulator' });
    }
  }
  out.push(...shapeDifferences(call, emulator.shape, moto.shape));
  return out;
}
