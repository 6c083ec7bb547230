import * as fs from 'fs';
import * as path from 'path';

// The README's "Testing your stacks" example is test/readme/snapshot-testing.test.ts, so it is known to work:
// it must stay the same code, with the package name in place of the relative import.
test("the README's snapshot-testing example is the test that runs", () => {
  const root = path.join(__dirname, '..', '..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
  const section = readme.split('\n## Testing your stacks\n')[1] ?? '';
  const example = /```ts fixture=jest\n([\s\S]*?)```/.exec(section)?.[1];
  const source = fs.readFileSync(path.join(root, 'test', 'readme', 'snapshot-testing.test.ts'), 'utf-8')
    .replace("from '../../src'", "from 'cdk-hybrid-connectivity'");
  expect(example).toBeDefined();
  expect(example).toBe(source);
});
