import type { CfnTemplate } from './read-cloud-assembly';

/** What a resolver needs to know about one deployed (or simulated) resource. */
export interface ResolvableResource {
  readonly physicalId: string;
  /** The value of `Fn::GetAtt [resource, name]`; throws when the resource has no such attribute. */
  attribute(name: string): unknown;
}

/** The world the template is resolved against. */
export interface ResolverContext {
  readonly template: CfnTemplate;
  readonly region: string;
  readonly account: string;
  readonly stackName: string;
  readonly stackId: string;
  /** Parameter values that override the template's defaults. */
  readonly parameters?: Record<string, string>;
  /** A resource of this stack, or undefined when it is not (yet) deployed. */
  resource(logicalId: string): ResolvableResource | undefined;
  /**
   * The value of another stack's export in this stack's account and region, or undefined when no stack
   * deployed there exports that name (exports elsewhere are invisible, as in CloudFormation).
   */
  importValue(name: string): string | undefined;
}

/** A template that cannot be resolved: the reason says which reference and why. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** `Ref: AWS::NoValue` removes the property (or list element) that holds it. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

const PARTITION = 'aws';
const URL_SUFFIX = 'amazonaws.com';

/**
 * Resolves CloudFormation intrinsic functions the way CloudFormation does at deploy time, against the
 * resources the runner has deployed so far. Every `Fn::ImportValue` it resolves is remembered, because
 * CloudFormation refuses to remove an export that another stack imports.
 */
export class IntrinsicResolver {
  /** Export names this resolver has imported. */
  public readonly imports = new Set<string>();
  private readonly conditionCache = new Map<string, boolean>();

  constructor(private readonly ctx: ResolverContext) {}

  /** The value with every intrinsic replaced; `AWS::NoValue` entries are dropped. */
  public resolve(value: unknown): unknown {
    const resolved = this.resolveValue(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Whether a named template condition holds. */
  public condition(name: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = this.ctx.template.Conditions?.[name];
    if (definition === undefined) throw new TemplateError(`Condition ${name} is not defined in the template's Conditions.`);
    const result = this.evaluateCondition(definition);
    this.conditionCache.set(name, result);
    return result;
  }

  private resolveValue(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolveValue(v)).filter((v) => v !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, arg] = entries[0];
      if (key === 'Ref') return this.ref(this.asString(this.resolveValue(arg), 'Ref'));
      if (key.startsWith('Fn::')) return this.intrinsic(key, arg);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      const resolved = this.resolveValue(v);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private intrinsic(name: string, arg: unknown): unknown {
    switch (name) {
      case 'Fn::GetAtt': return this.getAtt(arg);
      case 'Fn::Join': return this.join(arg);
      case 'Fn::Sub': return this.sub(arg);
      case 'Fn::Select': return this.select(arg);
      case 'Fn::Split': return this.split(arg);
      case 'Fn::If': return this.fnIf(arg);
      case 'Fn::ImportValue': return this.importValue(arg);
      case 'Fn::Base64': return Buffer.from(this.asString(this.resolveValue(arg), name), 'utf8').toString('base64');
      case 'Fn::FindInMap': return this.findInMap(arg);
      case 'Fn::GetAZs': {
        const region = this.asString(this.resolveValue(arg), name) || this.ctx.region;
        return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
      }
      default:
        throw new TemplateError(`The runner does not support ${name} (in ${JSON.stringify({ [name]: arg }).slice(0, 200)}).`);
    }
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::Region': return this.ctx.region;
      case 'AWS::AccountId': return this.ctx.account;
      case 'AWS::Partition': return PARTITION;
      case 'AWS::StackName': return this.ctx.stackName;
      case 'AWS::StackId': return this.ctx.stackId;
      case 'AWS::URLSuffix': return URL_SUFFIX;
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::NotificationARNs': return [];
    }
    const parameter = this.ctx.template.Parameters?.[name];
    if (parameter) return this.parameter(name, parameter);
    if (!this.ctx.template.Resources?.[name]) {
      throw new TemplateError(`Ref ${name}: no resource, parameter or pseudo parameter has that name.`);
    }
    return this.deployed(name, 'Ref').physicalId;
  }

  private parameter(name: string, definition: { Type?: string; Default?: unknown }): unknown {
    const value = this.ctx.parameters?.[name] ?? definition.Default;
    if (value === undefined) throw new TemplateError(`Parameter ${name} has no value: it has no Default and none was given.`);
    const type = definition.Type ?? 'String';
    if (type.startsWith('List<') || type === 'CommaDelimitedList') return String(value).split(',');
    return String(value);
  }

  private getAtt(arg: unknown): unknown {
    const resolved = typeof arg === 'string' ? splitOnce(arg, '.') : this.resolveValue(arg);
    if (!Array.isArray(resolved) || resolved.length !== 2 || resolved.some((p) => typeof p !== 'string')) {
      throw new TemplateError(`Fn::GetAtt needs [logicalId, attributeName], got ${JSON.stringify(arg)}.`);
    }
    const [logicalId, attribute] = resolved as [string, string];
    if (!this.ctx.template.Resources?.[logicalId]) {
      throw new TemplateError(`Fn::GetAtt ${logicalId}.${attribute}: the template has no resource ${logicalId}.`);
    }
    return this.deployed(logicalId, `Fn::GetAtt ${logicalId}.${attribute}`).attribute(attribute);
  }

  private deployed(logicalId: string, usage: string): ResolvableResource {
    const resource = this.ctx.resource(logicalId);
    if (!resource) throw new TemplateError(`${usage}: resource ${logicalId} has not been deployed.`);
    return resource;
  }

  private join(arg: unknown): string {
    const [delimiter, items] = this.args(arg, 'Fn::Join', 2);
    if (!Array.isArray(items)) throw new TemplateError(`Fn::Join needs a list to join, got ${JSON.stringify(items)}.`);
    return items.map((item) => this.asString(item, 'Fn::Join')).join(this.asString(delimiter, 'Fn::Join'));
  }

  private sub(arg: unknown): string {
    let template: unknown;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      if (arg.length !== 2) throw new TemplateError(`Fn::Sub takes a string or [string, variables], got ${JSON.stringify(arg)}.`);
      template = arg[0];
      variables = (this.resolveValue(arg[1]) ?? {}) as Record<string, unknown>;
    } else {
      template = arg;
    }
    const text = this.asString(template, 'Fn::Sub');
    // `${!Literal}` stands for the text `${Literal}`.
    return text.replace(/\$\{(!?)([^}]*)\}/g, (_match, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      const key = name.trim();
      if (key in variables) return this.asString(variables[key], `Fn::Sub \${${key}}`);
      if (key.includes('.') && !key.startsWith('AWS::')) {
        const [logicalId, attribute] = splitOnce(key, '.');
        return this.asString(this.getAtt([logicalId, attribute]), `Fn::Sub \${${key}}`);
      }
      return this.asString(this.ref(key), `Fn::Sub \${${key}}`);
    });
  }

  private select(arg: unknown): unknown {
    const [index, items] = this.args(arg, 'Fn::Select', 2);
    const i = Number(index);
    if (!Array.isArray(items) || !Number.isInteger(i) || i < 0 || i >= items.length) {
      throw new TemplateError(`Fn::Select index ${JSON.stringify(index)} is out of range for ${JSON.stringify(items)}.`);
    }
    return items[i];
  }

  private split(arg: unknown): string[] {
    const [delimiter, source] = this.args(arg, 'Fn::Split', 2);
    return this.asString(source, 'Fn::Split').split(this.asString(delimiter, 'Fn::Split'));
  }

  private fnIf(arg: unknown): unknown {
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
      throw new TemplateError(`Fn::If needs [conditionName, valueIfTrue, valueIfFalse], got ${JSON.stringify(arg)}.`);
    }
    return this.resolveValue(this.condition(arg[0]) ? arg[1] : arg[2]);
  }

  private importValue(arg: unknown): string {
    const name = this.asString(this.resolveValue(arg), 'Fn::ImportValue');
    const value = this.ctx.importValue(name);
    if (value === undefined) {
      throw new TemplateError(`Fn::ImportValue ${name}: no deployed stack in account ${this.ctx.account}, region ${this.ctx.region} exports that name. ` +
        'Deploy the exporting stack first, in the same account and region (exports are not visible across them).');
    }
    this.imports.add(name);
    return value;
  }

  private findInMap(arg: unknown): unknown {
    const [map, top, second] = this.args(arg, 'Fn::FindInMap', 3).map((a) => this.asString(a, 'Fn::FindInMap'));
    const value = this.ctx.template.Mappings?.[map]?.[top]?.[second];
    if (value === undefined) throw new TemplateError(`Fn::FindInMap: mapping ${map} has no ${top}.${second}.`);
    return value;
  }

  private evaluateCondition(definition: unknown): boolean {
    if (typeof definition === 'boolean') return definition;
    if (definition && typeof definition === 'object' && !Array.isArray(definition)) {
      const entries = Object.entries(definition as Record<string, unknown>);
      if (entries.length === 1) {
        const [fn, arg] = entries[0];
        const list = Array.isArray(arg) ? arg : [arg];
        switch (fn) {
          case 'Condition': return this.condition(this.asString(arg, 'Condition'));
          case 'Fn::Equals': {
            const [a, b] = list.map((v) => JSON.stringify(this.resolveValue(v)));
            return a === b;
          }
          case 'Fn::Not': return !this.evaluateCondition(list[0]);
          case 'Fn::And': return list.every((c) => this.evaluateCondition(c));
          case 'Fn::Or': return list.some((c) => this.evaluateCondition(c));
        }
      }
    }
    throw new TemplateError(`Unsupported condition: ${JSON.stringify(definition)}.`);
  }

  private args(arg: unknown, fn: string, count: number): unknown[] {
    const resolved = Array.isArray(arg) ? arg.map((a) => this.resolveValue(a)) : this.resolveValue(arg);
    if (!Array.isArray(resolved) || resolved.length !== count) {
      throw new TemplateError(`${fn} takes ${count} arguments, got ${JSON.stringify(arg)}.`);
    }
    return resolved;
  }

  private asString(value: unknown, usage: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new TemplateError(`${usage} needs a string, got ${JSON.stringify(value)}.`);
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
