import type { AssemblyStack } from './assembly-stack';

/** A template value made concrete, or why it cannot be. */
export type ResolvedValue = { readonly value: string; readonly unresolved?: undefined } | { readonly value?: undefined; readonly unresolved: string };

/** What a value may be resolved against: its stack, the assembly's other stacks, and `--parameters`. */
export interface ResolveScope {
  readonly stack: AssemblyStack;
  readonly stacks: readonly AssemblyStack[];
  /** Parameter values by name, or by `<stack name>:<name>` for one stack only. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** `arn:<partition>:directconnect:<region>:<account>:dxlag/<id>` (or `dxcon/`, `dxvif/`): the id it names. */
const DIRECT_CONNECT_ARN = /^arn:aws[a-z-]*:directconnect:[a-z0-9-]*:\d{12}:(?:dxcon|dxlag|dxvif)\/((?:dxcon|dxlag|dxvif)-[a-z0-9]+)$/;

/** A Direct Connect ARN reads as the id it names; any other string as itself. */
export function idOf(value: string): string {
  return DIRECT_CONNECT_ARN.exec(value)?.[1] ?? value;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Resolves what a deployment would know before it starts, and nothing else: a literal, a `Ref` to a parameter
 * (its `--parameters` value, else its default), an `Fn::ImportValue` of another stack's export in the same
 * assembly whose value resolves, and `Fn::Join` / `Fn::Sub` of those. A resource's `Ref` or `Fn::GetAtt` is
 * known only once that resource is deployed: unresolved, never guessed.
 */
export function resolveValue(value: unknown, scope: ResolveScope, depth = 0): ResolvedValue {
  if (depth > 10) return { unresolved: 'the value refers to itself through exports' };
  if (typeof value === 'string') return { value };
  if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
  if (value === undefined || value === null) return { unresolved: 'the property is not set' };
  if (typeof value !== 'object' || Array.isArray(value)) return { unresolved: `${describe(value)} is not a single value` };
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) return { unresolved: `${describe(value)} is not an intrinsic the preflight reads` };
  const [fn, arg] = entries[0];
  switch (fn) {
    case 'Ref':
      return resolveRef(String(arg), scope);
    case 'Fn::ImportValue':
      return resolveImport(arg, scope, depth);
    case 'Fn::Join': {
      const [sep, parts] = Array.isArray(arg) ? arg : [];
      if (typeof sep !== 'string' || !Array.isArray(parts)) return { unresolved: `${describe(value)} is not a valid Fn::Join` };
      const resolved: string[] = [];
      for (const part of parts) {
        const r = resolveValue(part, scope, depth + 1);
        if (r.unresolved !== undefined) return r;
        resolved.push(r.value);
      }
      return { value: resolved.join(sep) };
    }
    case 'Fn::Sub': {
      if (typeof arg !== 'string') return { unresolved: `${describe(value)}: only Fn::Sub of a plain string is read` };
      let missing: string | undefined;
      const text = arg.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
        const r = resolveRef(name, scope);
        if (r.unresolved !== undefined) missing ??= r.unresolved;
        return r.value ?? whole;
      });
      return missing ? { unresolved: missing } : { value: text };
    }
    default:
      return { unresolved: `${fn} is known only at deploy time` };
  }
}

function resolveRef(name: string, scope: ResolveScope): ResolvedValue {
  const { stack } = scope;
  if (name === 'AWS::Region' && stack.region) return { value: stack.region };
  if (name === 'AWS::AccountId' && stack.account) return { value: stack.account };
  if (name === 'AWS::Partition' && stack.region) return { value: stack.region.startsWith('cn-') ? 'aws-cn' : stack.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws' };
  const parameter = stack.template.Parameters?.[name];
  if (parameter) {
    const given = scope.parameters[`${stack.stackName}:${name}`] ?? scope.parameters[name];
    if (given !== undefined) return { value: given };
    if (parameter.Default !== undefined) return { value: String(parameter.Default) };
    return { unresolved: `parameter ${name} of stack ${stack.stackName} has no default (give it with --parameters ${name}=VALUE)` };
  }
  if (stack.template.Resources?.[name]) return { unresolved: `Ref ${name} names a resource of stack ${stack.stackName}, known only once it is deployed` };
  return { unresolved: `Ref ${name} names nothing the preflight can read` };
}

function resolveImport(arg: unknown, scope: ResolveScope, depth: number): ResolvedValue {
  const exportName = resolveValue(arg, scope, depth + 1);
  if (exportName.unresolved !== undefined) return { unresolved: `the export name cannot be read: ${exportName.unresolved}` };
  for (const other of scope.stacks) {
    for (const output of Object.values<any>(other.template.Outputs ?? {})) {
      if (!output?.Export) continue;
      const otherScope = { ...scope, stack: other };
      const name = resolveValue(output.Export.Name, otherScope, depth + 1);
      if (name.value !== exportName.value) continue;
      const resolved = resolveValue(output.Value, otherScope, depth + 1);
      return resolved.unresolved !== undefined
        ? { unresolved: `export ${exportName.value} of stack ${other.stackName}: ${resolved.unresolved}` }
        : resolved;
    }
  }
  return { unresolved: `no stack in this assembly exports ${exportName.value}` };
}
