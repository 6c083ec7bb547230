import { MAX_RESPONSE_BYTES, responseData, ResponseTooLargeError } from '../../src/runtime/response-size';

const ids = { physicalResourceId: 'mcc-abcd1234', stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/x'.padEnd(150, 'x'), requestId: 'r'.repeat(36), logicalResourceId: 'L'.repeat(255) };

function failureOf(fn: () => unknown): ResponseTooLargeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ResponseTooLargeError) return err;
    throw err;
  }
  throw new Error('expected a ResponseTooLargeError, but the call returned');
}

describe('responseData', () => {
  test('leaves a small response as it is, with values as strings and absent values left out', () => {
    expect(responseData({ A: 'a', N: 3, O: { k: 'v' }, Skip: undefined, Nil: null }, ids)).toEqual({ A: 'a', N: '3', O: '{"k":"v"}' });
  });

  test('keeps every value whole when the response fits, up to the budget', () => {
    const data = { Description: 'd'.repeat(255), Key: 'k'.repeat(2048), Id: 'mcc-abcd1234' };
    const out = responseData(data, ids);
    expect(out).toEqual(data);
    const envelope = JSON.stringify({ Status: 'SUCCESS', Reason: 'See the details in CloudWatch Log Stream: '.padEnd(200, 'x'), ...ids, NoEcho: true, Data: out });
    expect(Buffer.byteLength(envelope)).toBeLessThan(MAX_RESPONSE_BYTES);
  });

  test('a response over the limit fails naming the largest attributes and what to do, never shortening a value', () => {
    const data = { Description: 'd'.repeat(255), Tags: 't'.repeat(5000), Key: 'k'.repeat(2048), Id: 'mcc-abcd1234' };
    const err = failureOf(() => responseData(data, ids));
    expect(err.attributes).toEqual(['Tags', 'Key', 'Description']);
    expect(err.message).toContain('Largest attributes: Tags (5000 bytes), Key (2048 bytes), Description (255 bytes).');
    expect(err.message).toContain(`over CloudFormation's ${MAX_RESPONSE_BYTES}-byte limit`);
    expect(err.message).toMatch(/No value is shortened.*deploy again\.$/);
    // The reason CloudFormation shows is at most 400 characters.
    expect(err.message.length).toBeLessThanOrEqual(400);
  });

  test('the failure names attributes in a stable order (size, then name)', () => {
    const data = { B: 'b'.repeat(4000), A: 'a'.repeat(4000) };
    expect(failureOf(() => responseData(data, ids)).attributes).toEqual(['A', 'B']);
    expect(failureOf(() => responseData(data, ids)).message).toBe(failureOf(() => responseData(data, ids)).message);
  });
});
