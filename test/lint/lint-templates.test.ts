import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

// lint/lint_templates.py runs the real cfn-lint and checkov (from .venv/lint, `npx projen lint:install`) on
// small templates made here: it must pass what has a reason and fail on what has none.

const ROOT = resolve(__dirname, '..', '..');
const PYTHON = join(ROOT, '.venv', 'lint', 'bin', 'python');
const UNAVAILABLE = join(ROOT, '.venv', 'lint-unavailable.txt');
const reason = existsSync(UNAVAILABLE) ? readFileSync(UNAVAILABLE, 'utf-8').trim()
  : existsSync(PYTHON) ? undefined : '.venv/lint is not installed (npx projen lint:install)';
if (reason) {
  // eslint-disable-next-line no-console
  console.warn(`lint_templates tests skipped: ${reason}`);
}
const describeWithLinters = reason ? describe.skip : describe;

/** A function whose DependsOn repeats its role (cfn-lint W3005, which lint/explained-findings.yaml explains). */
function functionTemplate(skip: Array<{ id: string; comment?: string }>, runtime = 'nodejs22.x') {
  return {
    Resources: {
      HandlerRole1234ABCD: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      },
      HandlerFn: {
        Type: 'AWS::Lambda::Function',
        DependsOn: ['HandlerRole1234ABCD'],
        Properties: {
          Runtime: runtime,
          Handler: 'index.handler',
          Code: { ZipFile: 'exports.handler = async () => {}' },
          Role: { 'Fn::GetAtt': ['HandlerRole1234ABCD', 'Arn'] },
        },
        Metadata: { checkov: { skip } },
      },
    },
  };
}

const REASONED = ['CKV_AWS_115', 'CKV_AWS_116', 'CKV_AWS_117'].map((id) => ({ id, comment: `Because of a reason written for ${id}.` }));

function lint(dir: string) {
  const result = spawnSync(PYTHON, [join(ROOT, 'lint', 'lint_templates.py'), dir], { cwd: ROOT, encoding: 'utf-8', timeout: 240_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describeWithLinters('lint_templates.py', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'lint-templates-test-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('findings that all have a reason pass, and an empty stack is counted but not checked', () => {
    const dir = join(work, 'good');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'Good.template.json'), JSON.stringify(functionTemplate(REASONED)));
    writeFileSync(join(dir, 'Empty.template.json'), JSON.stringify({ Parameters: {} }));
    const { status, out } = lint(dir);
    expect(out).toContain('2 found');
    expect(out).toContain('1 checked, 1 without resources not checked');
    expect(out).toMatch(/W3005 +1 +1 /);
    expect(out).toMatch(/CKV_AWS_117 +1 +1 +Because of a reason written for CKV_AWS_117\./);
    expect(out).toContain('0 unexplained findings');
    expect(out).not.toContain('UNEXPLAINED');
    expect(status).toBe(0);
  }, 240_000);

  test('an error, a failed check and a skip without a comment each fail the check', () => {
    const dir = join(work, 'bad');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    // One check skipped without a comment, one not skipped at all, and a runtime Lambda does not have.
    const skip = [{ id: 'CKV_AWS_115' }, REASONED[1]];
    writeFileSync(join(dir, 'Bad.template.json'), JSON.stringify(functionTemplate(skip, 'nodejs99.x')));
    const { status, out } = lint(dir);
    expect(out).toMatch(/UNEXPLAINED E3030: .*Bad\.template\.json Resources\/HandlerFn\/Properties\/Runtime/);
    expect(out).toMatch(/UNEXPLAINED CKV_AWS_115: .*AWS::Lambda::Function\.HandlerFn: skipped without a comment/);
    expect(out).toMatch(/UNEXPLAINED CKV_AWS_117: .*AWS::Lambda::Function\.HandlerFn: Ensure that AWS Lambda function is configured inside a VPC/);
    expect(out).not.toMatch(/UNEXPLAINED CKV_AWS_116/);
    expect(out).toContain('3 unexplained findings');
    expect(status).toBe(1);
  }, 240_000);
});
