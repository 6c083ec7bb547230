/**
 * What a resource handler sees of a CloudFormation custom-resource request.
 *
 * The raw event carries the presigned ResponseURL and every resource property; handlers receive only
 * this sanitized copy, and the raw event is never logged.
 */
export type RequestType = 'Create' | 'Update' | 'Delete';

export interface LifecycleEvent {
  readonly requestType: RequestType;
  readonly resourceType: string;
  readonly logicalResourceId: string;
  readonly stackId: string;
  readonly requestId: string;
  /** Set on Update and Delete, and on every isComplete call. */
  readonly physicalResourceId?: string;
  /** The resource properties, without ServiceToken. */
  readonly properties: Record<string, any>;
  /** The previous properties, on Update only. */
  readonly oldProperties?: Record<string, any>;
  /** On isComplete: the Data that onEvent returned. */
  readonly data: Record<string, any>;
}

/** The Provider framework's request as it reaches onEvent and isComplete. */
export interface RawProviderEvent {
  readonly RequestType: RequestType;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: Record<string, any>;
  readonly OldResourceProperties?: Record<string, any>;
  readonly Data?: Record<string, any>;
  readonly ResponseURL?: string;
  readonly [key: string]: unknown;
}

export function toLifecycleEvent(raw: RawProviderEvent): LifecycleEvent {
  const { ServiceToken: _token, ...properties } = raw.ResourceProperties ?? {};
  let oldProperties: Record<string, any> | undefined;
  if (raw.OldResourceProperties) {
    const { ServiceToken: _oldToken, ...rest } = raw.OldResourceProperties;
    oldProperties = rest;
  }
  return {
    requestType: raw.RequestType,
    resourceType: raw.ResourceType,
    logicalResourceId: raw.LogicalResourceId,
    stackId: raw.StackId,
    requestId: raw.RequestId,
    physicalResourceId: raw.PhysicalResourceId,
    properties,
    oldProperties,
    data: { ...(raw.Data ?? {}) },
  };
}

/** A property that must be present, with the event's own wording when it is not. */
export function requireProperty(props: Record<string, any>, name: string): string {
  const value = props[name];
  if (value === undefined || value === null || value === '') {
    throw new Error(`The resource property ${name} is required but was not set.`);
  }
  return String(value);
}
