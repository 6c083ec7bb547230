import { classifyError, describeError, MAX_REASON_LENGTH, TerminalError } from '../../src/runtime/errors';
import { registerSecret } from '../../src/runtime/redact';

const err = (name: string, status?: number, message = 'x') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('classifyError', () => {
  test.each([
    [err('ResourceNotFoundException', 404), 'notFound'],
    [err('SomethingElse', 404), 'notFound'],
    [err('ThrottlingException', 400), 'throttling'],
    [err('TooManyRequestsException', 429), 'throttling'],
    [err('Unknown', 429), 'throttling'],
    [err('AccessDeniedException', 403), 'accessDenied'],
    [err('ConflictException', 409), 'conflict'],
    [err('InternalServerException', 500), 'transient'],
    [err('Unknown', 502), 'transient'],
    [err('Unknown', 503), 'transient'],
    [err('Unknown', 504), 'transient'],
    [err('NotImplemented', 501), 'terminal'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [err('DeserializationError', 200, 'Deserialization error: to see the raw response'), 'transient'],
    [err('ValidationException', 400), 'terminal'],
    [undefined, 'terminal'],
  ])('%p is %s', (error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  test('a service rule recognises a not-found spelled as a client error', () => {
    const dx = err('DirectConnectClientException', 400, 'Connection dxcon-abcd1234 not found');
    expect(classifyError(dx)).toBe('terminal');
    expect(classifyError(dx, [(e) => e.name === 'DirectConnectClientException' && /not found/i.test(e.message ?? '')])).toBe('notFound');
  });
});

describe('describeError', () => {
  test('names the error and keeps the reason short', () => {
    expect(describeError(err('ThrottlingException', 400, 'Rate exceeded'))).toBe('ThrottlingException: Rate exceeded');
    expect(describeError(new TerminalError('Connection is failed.'))).toBe('Connection is failed.');
    const long = describeError(new Error('y'.repeat(5000)));
    expect(long.length).toBe(MAX_REASON_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  test('masks registered secrets', () => {
    registerSecret('super-secret-activation-key-123');
    expect(describeError(new Error('bad key super-secret-activation-key-123 given'))).toBe('bad key ***** given');
  });
});
