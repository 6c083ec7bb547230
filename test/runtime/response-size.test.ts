import { fitData, MAX_RESPONSE_BYTES } from '../../src/runtime/response-size';

const ids = { physicalResourceId: 'mcc-abcd1234', stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/x'.padEnd(150, 'x'), requestId: 'r'.repeat(36), logicalResourceId: 'L'.repeat(255) };

describe('fitData', () => {
  test('leaves a small response as it is, with values as strings', () => {
    expect(fitData({ A: 'a', N: 3, Skip: undefined }, ids)).toEqual({ A: 'a', N: '3' });
  });

  test('shortens the longest values first until the whole response fits in 4096 bytes', () => {
    const data = { Description: 'd'.repeat(255), Key: 'k'.repeat(2048), Tags: 't'.repeat(5000), Id: 'mcc-abcd1234' };
    const out = fitData(data, ids);
    const envelope = JSON.stringify({ Status: 'SUCCESS', Reason: 'See the details in CloudWatch Log Stream: '.padEnd(200, 'x'), ...ids, NoEcho: true, Data: out });
    expect(Buffer.byteLength(envelope)).toBeLessThan(MAX_RESPONSE_BYTES);
    expect(out.Id).toBe('mcc-abcd1234');
    expect(out.Description).toBe(data.Description);
    expect(out.Tags.endsWith('...')).toBe(true);
  });

  test('is deterministic', () => {
    const data = { B: 'b'.repeat(4000), A: 'a'.repeat(4000) };
    expect(fitData(data, ids)).toEqual(fitData(data, ids));
  });
});
