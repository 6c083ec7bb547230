import { randomUUID } from 'crypto';
import type { RawProviderEvent } from '../../src/runtime/lifecycle-event';

/**
 * Builders for the Provider framework's events, as CloudFormation and the framework send them.
 * The ResponseURL carries a recognisable value so tests can prove it never leaks.
 */
export const TEST_STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/TestStack/11111111-2222-3333-4444-555555555555';
export const TEST_RESPONSE_URL_SECRET = 'X-Amz-Signature=responseurlsecret0123456789abcdef';
export const TEST_RESPONSE_URL = `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/test?${TEST_RESPONSE_URL_SECRET}`;

interface EventOptions {
  readonly logicalResourceId?: string;
  readonly requestId?: string;
  readonly stackId?: string;
}

function base(requestType: 'Create' | 'Update' | 'Delete', resourceType: string, options: EventOptions) {
  return {
    RequestType: requestType,
    ResourceType: resourceType,
    LogicalResourceId: options.logicalResourceId ?? 'TestResource',
    StackId: options.stackId ?? TEST_STACK_ID,
    RequestId: options.requestId ?? randomUUID(),
    ResponseURL: TEST_RESPONSE_URL,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:framework-onEvent',
  };
}

export function createEvent(resourceType: string, properties: Record<string, any>, options: EventOptions = {}): RawProviderEvent {
  return { ...base('Create', resourceType, options), ResourceProperties: { ServiceToken: 'token', ...properties } };
}

export function updateEvent(resourceType: string, physicalResourceId: string, properties: Record<string, any>,
  oldProperties: Record<string, any>, options: EventOptions = {}): RawProviderEvent {
  return {
    ...base('Update', resourceType, options),
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: 'token', ...properties },
    OldResourceProperties: { ServiceToken: 'token', ...oldProperties },
  };
}

export function deleteEvent(resourceType: string, physicalResourceId: string, properties: Record<string, any>,
  options: EventOptions = {}): RawProviderEvent {
  return {
    ...base('Delete', resourceType, options),
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: 'token', ...properties },
  };
}
