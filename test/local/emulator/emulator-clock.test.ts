import { EmulatorClock } from '../../../local/emulator/emulator-clock';

describe('EmulatorClock', () => {
  let wall = 1_000;
  const clock = () => new EmulatorClock(() => wall);
  beforeEach(() => { wall = 1_000; });

  test('follows wall time until frozen', () => {
    const c = clock();
    expect(c.now()).toBe(1_000);
    wall = 1_250;
    expect(c.now()).toBe(1_250);
    expect(c.frozen).toBe(false);
  });

  test('frozen, it stands still while wall time passes, and moves only by advance', () => {
    const c = clock();
    c.freeze();
    wall = 9_000;
    expect(c.now()).toBe(1_000);
    c.advance(40);
    c.advance(60);
    expect(c.now()).toBe(1_100);
    expect(c.frozen).toBe(true);
  });

  test('freezing twice keeps the first instant', () => {
    const c = clock();
    c.freeze();
    wall = 2_000;
    c.freeze();
    expect(c.now()).toBe(1_000);
  });

  test('released, it runs on from where it stood and never goes back', () => {
    const c = clock();
    c.freeze();
    c.advance(500);
    wall = 1_200;
    c.release();
    expect(c.now()).toBe(1_500);
    wall = 1_300;
    expect(c.now()).toBe(1_600);
    c.release();
    expect(c.now()).toBe(1_600);
  });

  test('advance while running shifts it ahead of wall time', () => {
    const c = clock();
    c.advance(250);
    expect(c.now()).toBe(1_250);
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('advance(%p) is refused with the value', (ms) => {
    expect(() => clock().advance(ms)).toThrow(`got ${ms}`);
  });
});
