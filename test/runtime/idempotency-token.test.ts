import { idempotencyToken } from '../../src/runtime/idempotency-token';

describe('idempotencyToken', () => {
  test('the same stack, resource and request give the same token; anything else a different one', () => {
    const t = idempotencyToken('stack', 'Conn', 'req-1');
    expect(t).toMatch(/^[0-9a-f]{32}$/);
    expect(idempotencyToken('stack', 'Conn', 'req-1')).toBe(t);
    expect(idempotencyToken('stack', 'Conn', 'req-2')).not.toBe(t);
    expect(idempotencyToken('stack', 'Other', 'req-1')).not.toBe(t);
    expect(idempotencyToken('stack2', 'Conn', 'req-1')).not.toBe(t);
    expect(idempotencyToken('stack', 'Conn', 'req-1', 'delete')).not.toBe(t);
  });
});
