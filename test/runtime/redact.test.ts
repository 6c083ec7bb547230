import { redact, REDACTED, registerSecret } from '../../src/runtime/redact';

describe('redact', () => {
  test('masks secret-bearing keys at any depth and leaves its input alone', () => {
    const input = {
      ResponseURL: 'https://s3/presigned?X-Amz-Signature=abc',
      props: { ActivationKey: 'k1', nested: [{ authKey: 'bgp' }], AppServerPrivateKey: 'pk', Description: 'ok' },
    };
    const out = redact(input);
    expect(out).toEqual({
      ResponseURL: REDACTED,
      props: { ActivationKey: REDACTED, nested: [{ authKey: REDACTED }], AppServerPrivateKey: REDACTED, Description: 'ok' },
    });
    expect(input.props.ActivationKey).toBe('k1');
  });

  test('masks registered secret values inside any string, including error messages', () => {
    registerSecret('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
    const out = redact({ msg: 'echo 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', error: new Error('key=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef') });
    expect(JSON.stringify(out)).not.toContain('0123456789abcdef0123');
    expect(out.msg).toBe(`echo ${REDACTED}`);
  });

  test('ignores values too short to be secrets, so logs stay readable', () => {
    registerSecret('abc');
    expect(redact('abc def')).toBe('abc def');
  });
});
