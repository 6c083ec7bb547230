import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// aws-cdk-lib 2.257.0 is the floor: the first release that cdk-nag 3.x supports, and it has every L1 and
// generated Ref interface the constructs accept (aws-cdk-lib/interfaces: Interconnect IConnectionRef, the
// Direct Connect IConnectionRef, ILagRef, the three virtual-interface Refs, IDirectConnectGatewayRef;
// Network Manager's IConnectPeerRef and IDeviceRef; IoT Wireless IPartnerAccountRef). It is also the newest
// release that all three registries serve together: the npm registry, PyPI and Maven Central (which has
// none after 2.264 here), so the Python and Java examples pin the same version as the library.
const CDK_VERSION = '2.257.0';
// @aws-cdk/integ-tests-alpha's newest release on the registry is 2.245.0-alpha.0; its peer range
// (aws-cdk-lib ^2.245.0) accepts the floor.
const INTEG_TESTS_ALPHA_VERSION = '2.245.0-alpha.0';

// The Direct Connect, IoT Wireless and Secrets Manager clients are pinned to one SDK release so they
// share a single @aws-sdk/core and @smithy tree (smaller bundle). 3.523.0 is the newest Network
// Manager client on the registry and the first with the Connect-peer association commands.
const SDK_VERSION = '3.1048.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-hybrid-connectivity',
  description:
    'AWS CDK L2 constructs for hybrid and multicloud connectivity: AWS Interconnect connections, ' +
    'Direct Connect hosted-connection and virtual-interface moves, Cloud WAN Connect-peer associations ' +
    'and Amazon Sidewalk partner accounts.',
  author: 'cdk-hybrid-connectivity developers',
  authorAddress: 'dev@cdk-hybrid-connectivity.invalid',
  license: 'Apache-2.0',
  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  repositoryUrl: 'https://github.com/cdk-hybrid-connectivity/cdk-hybrid-connectivity.git',
  keywords: [
    'cdk',
    'awscdk',
    'aws-cdk',
    'interconnect',
    'direct-connect',
    'cloudwan',
    'network-manager',
    'sidewalk',
    'iot-wireless',
    'hybrid-networking',
    'multicloud',
  ],
  stability: 'experimental',
  // Construct Hub lists the package from the `awscdk` keyword and the jsii assembly; `awscdkio` is its own
  // metadata. No release announcement before 1.0.
  catalog: { announce: false },

  publishToPypi: {
    distName: 'cdk-hybrid-connectivity',
    module: 'cdk_hybrid_connectivity',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkhybridconnectivity',
    mavenGroupId: 'io.github.cdk-hybrid-connectivity',
    mavenArtifactId: 'cdk-hybrid-connectivity',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkHybridConnectivity',
    packageId: 'CdkHybridConnectivity',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-hybrid-connectivity/cdk-hybrid-connectivity-go',
  },

  // The handlers are one hand-wired bundle (below), not auto-discovered *.lambda.ts functions.
  lambdaAutoDiscover: false,
  integrationTestAutoDiscover: false,

  devDeps: [
    `@aws-sdk/client-direct-connect@${SDK_VERSION}`,
    `@aws-sdk/client-iot-wireless@${SDK_VERSION}`,
    `@aws-sdk/client-secrets-manager@${SDK_VERSION}`,
    '@aws-sdk/client-networkmanager@3.523.0',
    '@aws-sdk/credential-provider-node',
    '@smithy/signature-v4',
    '@smithy/util-retry',
    '@smithy/node-http-handler',
    '@smithy/protocol-http',
    // The emulator answers Smithy RPC v2 CBOR with smithy's own codec (@smithy/core/cbor).
    '@smithy/core',
    '@aws-crypto/sha256-js',
    '@types/aws-lambda',
    'esbuild',
    // integ-runner in snapshot mode (no deploys, no credentials). 2.197.10 is the newest integ-runner on
    // the registry and brings its own aws-cdk CLI.
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    '@aws-cdk/integ-runner@2.197.10',
    // The security audit runs the AwsSolutions pack (cdk-nag 3.x: peer aws-cdk-lib ^2.257.0).
    'cdk-nag@3.0.2',
  ],

  jestOptions: {
    // Snapshots are a check, never silently rewritten by `npm test`.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // moto's virtual environment (npx projen moto:install): thousands of files jest need not crawl.
      modulePathIgnorePatterns: ['<rootDir>/.venv/'],
      testTimeout: 60_000,
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'local', 'examples', 'bench', 'projenrc', 'lint'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },
  tsconfigDev: {
    include: ['.projenrc.ts', 'local/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'lint/**/*.ts'],
    // The rosetta source imports the published package by name; scripts/translate-examples.sh checks it.
    exclude: ['examples/rosetta/**'],
    compilerOptions: {},
  },
  gitignore: ['/cdk.out', '/.demo', '/bench/out', '/.pacmak', '/.jsii.tabl.json', '__pycache__/'],
  // The move preflight (src/preflight): a tiny launcher of its bundle in assets/preflight/cli.
  bin: { 'cdk-hybrid-connectivity': 'bin/cdk-hybrid-connectivity' },
});

// One handler asset that both provider functions run, each through its own export (`index.onEvent`,
// `index.isComplete`), so a stack stages, hashes and uploads one asset instead of two near-identical ones.
// It carries every SDK client it uses, so a deployment runs exactly the code that was tested against the
// emulator instead of whatever SDK the Lambda runtime ships that day. It is one directory: a small entry
// file (index.js), one file per service (its resource handlers) that the entry requires on first use, and the chunks they
// share, each once (scripts/bundle-handler.js: esbuild with code splitting, then CommonJS), so a cold start
// compiles only its own service's client. The clients take the function's credentials from the
// environment, as Lambda gives them (src/runtime/lambda-credential-provider.ts).
project.addDevDeps('@aws-sdk/credential-provider-env');
const handlerBundle = project.addTask('bundle:provider/handler/handler-entry-points', {
  description: 'Create the handler bundle from ./src/provider/handler/handler-entry-points.ts in assets/provider/handler/handler-entry-points',
  exec: 'node scripts/bundle-handler.js assets/provider/handler/handler-entry-points',
});
project.bundler.bundleTask.spawn(handlerBundle);

// The move preflight's options (minified, built from the packages' ES-module sources, `module` before
// `main`, which tree-shake to about two thirds of the size).
const BUNDLE_OPTIONS = {
  platform: 'node',
  externals: [],
  sourcemap: false,
  minify: true,
  mainFields: ['module', 'main'],
  tsconfigPath: 'tsconfig.dev.json',
  watchTask: false,
};

// The move preflight CLI (`cdk-hybrid-connectivity preflight`), bundled the same way with the SDK clients it
// reads with, so the package needs no runtime dependency for it: bin/cdk-hybrid-connectivity only loads it.
// Node 18 is the oldest Node a CDK user's machine or pipeline may run it on.
project.bundler.addBundle('./src/preflight/cli.ts', {
  ...BUNDLE_OPTIONS,
  target: 'node18',
  esbuildArgs: { '--legal-comments': 'none' },
});

// The runner, the demo and the end-to-end tests drive the bundled handlers in assets/, so every test
// run bundles first.
const bundle = project.tasks.tryFind('bundle');
if (bundle) {
  project.testTask.prependSpawn(bundle);
}

// moto, a second and independent AWS emulator from PyPI, for the cross-check of ours
// (test/local/emulator/moto-cross-check.test.ts). Installed into .venv/moto from local/moto/requirements.txt
// before jest runs; quick when already installed, and where PyPI is out of reach it says so and the
// cross-check skips itself with that reason instead of failing the build.
const motoInstall = project.addTask('moto:install', {
  description: 'Install the pinned moto (local/moto/requirements.txt) into .venv/moto for the emulator cross-check.',
  exec: 'node local/moto/install.js',
});
project.testTask.prependSpawn(motoInstall);
project.gitignore.exclude('/.venv/');
project.addPackageIgnore('/.venv');

// The independent template checks: cfn-lint and checkov (pinned in lint/requirements.txt, installed into
// .venv/lint) on the integ snapshots, the example app in the demo's two stages and the Python example's cloud
// assembly; every finding needs a written reason (lint/explained-findings.yaml, Metadata.checkov.skip).
// Where PyPI is out of reach the check prints `skipped: <reason>`.
const lintInstall = project.addTask('lint:install', {
  description: 'Install the pinned cfn-lint and checkov (lint/requirements.txt) into .venv/lint.',
  exec: 'node lint/install.js',
});
const lintTemplates = project.addTask('lint:templates', {
  description: 'Run cfn-lint and checkov on every synthesized template (extra paths as arguments); fail on a finding without a reason.',
});
lintTemplates.spawn(lintInstall);
lintTemplates.exec('bash lint/run.sh', { receiveArgs: true });
// test/lint runs lint_templates.py on templates it makes, with the installed linters.
project.testTask.prependSpawn(lintInstall);
project.addPackageIgnore('/lint');

project.addTask('emulator', {
  description: 'Start the local AWS emulator on 127.0.0.1:4566 (PORT or --port changes it).',
  exec: 'ts-node --project tsconfig.dev.json local/emulator/main.ts',
  receiveArgs: true,
});

const demo = project.addTask('demo', {
  description: 'Synthesize the example app and deploy it to a freshly started local emulator.',
});
if (bundle) {
  demo.spawn(bundle);
}
demo.exec('ts-node --project tsconfig.dev.json local/demo.ts');

const faults = project.addTask('faults', {
  description: 'Run the fault matrix: every failure scenario against every construct, through the bundled handlers.',
});
if (bundle) {
  faults.spawn(bundle);
}
faults.exec('jest --coverage=false test/faults', { receiveArgs: true });

const bench = project.addTask('bench', {
  description: 'Measure synth cost, handler weight, calls per lifecycle and scale under throttling; prints a table and writes bench/results.json.',
});
if (bundle) {
  bench.spawn(bundle);
}
// The whole-process synth loads the compiled library from lib/, as a user's app does: compile it first.
bench.spawn(project.compileTask);
bench.exec('ts-node --project tsconfig.dev.json bench/main.ts', { receiveArgs: true });

// Integration snapshots (test/integ): integ-runner synthesizes every integ.*.ts and compares the templates,
// asset hashes included, with the committed *.snapshot directories. Snapshot mode never deploys and needs no
// credentials. The apps run with ts-node in transpile-only mode (about 4 s each instead of 20 s); tsc
// type-checks them first.
const integRunner = [
  'integ-runner', '--directory', 'test/integ', '--language', 'typescript',
  '--app', '"node -r ts-node/register/transpile-only {filePath}"', '--max-workers', '2',
].join(' ');
const integ = project.addTask('integ', {
  description: 'Check the integration test snapshots in test/integ (synth only: no deployment, no credentials).',
});
integ.exec('tsc --noEmit -p test/integ/tsconfig.json');
integ.exec(integRunner, { receiveArgs: true });
project.addTask('integ:update', {
  description: 'Write the snapshots of new or changed integration tests (synth only, never deploys); review and commit them.',
  exec: `${integRunner} --update-on-failed --dry-run`,
  receiveArgs: true,
});
project.testTask.spawn(integ);

// Documentation checks, run by .ci/run after compile (they read the .jsii assembly).
const docsExamples = project.addTask('docs:examples', {
  description: 'Compile every code example in README.md and in @example docstrings (jsii-rosetta, strict; fixtures in rosetta/).',
});
// Without its tablet, rosetta compiles every snippet again instead of trusting earlier results.
docsExamples.exec('rm -f .jsii.tabl.json');
docsExamples.exec('jsii-rosetta extract --strict --compile');
project.addTask('docs:docstrings', {
  description: 'Fail when a public type, member or parameter lacks a docstring, or an optional prop lacks @default.',
  exec: 'node scripts/check-docstrings.js',
});
project.addTask('examples:translate', {
  description: 'Translate examples/rosetta/demo-app.ts into examples/python and examples/java with jsii-rosetta.',
  exec: 'scripts/translate-examples.sh',
});
project.addTask('examples:check', {
  description: 'Fail when examples/python or examples/java are stale, or the Python does not byte-compile.',
  exec: 'scripts/translate-examples.sh --check',
});
project.addTask('package:check', {
  description: 'Fail when the npm tarball lacks the handler bundles or carries tests, tooling or examples.',
  exec: 'node scripts/check-package.js',
});
// The jar that `package:java` builds (jsii-pacmak runs Maven against Maven Central), and the Java example
// as a Java team builds it against that jar (issue 13).
project.addTask('package:java:check', {
  description: 'Fail when the jar in dist/java lacks a Java binding or the handler bundle, or carries tests, tooling or examples.',
  exec: 'node scripts/check-jar.js',
});
project.addTask('examples:java', {
  description: 'Install the jar from dist/java into the local Maven repository and run the JUnit tests of examples/java.',
  exec: 'examples/java/test.sh',
  receiveArgs: true,
});
project.gitignore.exclude('/examples/java/target/');

// The Python wheel (`package:python`, jsii-pacmak: it makes its own virtual environment with setuptools,
// build and twine from PyPI) and the Python example that installs it (examples/python): a virtual
// environment in .venv/python-example with the pinned aws-cdk-lib, pytest over the synthesized templates,
// and a deploy of its cloud assembly to the local emulator through the lifecycle runner.
project.addTask('package:check-wheel', {
  description: 'Fail when the wheel in dist/python lacks the handler bundle or carries tests, tooling or examples.',
  exec: 'python3 scripts/check-wheel.py',
});
project.addTask('examples:python:install', {
  description: 'Install examples/python (the built wheel, the pinned aws-cdk-lib, constructs and pytest) into .venv/python-example.',
  exec: 'python3 scripts/install-python-example.py',
});
const pytest = '.venv/python-example/bin/python -m pytest examples/python';
// One pytest session (one jsii runtime, one synth) for the templates and the deploy; `-m "not deploy"` or
// `-m deploy` runs either part.
project.addTask('examples:python:test', {
  description: 'Run the Python example\'s pytest tests (templates, snapshot, bad props, the README quick start, deploy and destroy on the emulator); JUnit in test-reports/python.',
  exec: `${pytest} --junitxml=test-reports/python/pytest.xml`,
  receiveArgs: true,
});
project.addTask('examples:python:snapshot', {
  description: 'Write examples/python/tests/demo_app.snapshot.json from the templates the Python example synthesizes; review and commit it.',
  exec: `${pytest} -m "not deploy" --snapshot-update`,
});
// pytest copies the example app's cloud assembly there, as `cdk synth` would write it, for lint:templates.
project.gitignore.exclude('/examples/python/cdk.out/');
project.eslint?.addIgnorePattern('examples/rosetta/');
// integ-runner's working output, left behind only when a run is interrupted (added after projen's `!/test/`).
project.gitignore.addPatterns('/test/integ/cdk-integ.out.*');

project.addPackageIgnore('/local');
project.addPackageIgnore('/examples');
project.addPackageIgnore('/bench');
project.addPackageIgnore('/.ci');
project.addPackageIgnore('/docs');
project.addPackageIgnore('/.demo');
project.addPackageIgnore('/.pacmak');
project.addPackageIgnore('/rosetta');
project.addPackageIgnore('/scripts');
project.addPackageIgnore('/.jsii.tabl.json');

// Handler code is bundled into assets/ with its SDK clients, so what it imports is a build-time
// dependency of the published package, not a runtime one.
project.eslint?.allowDevDeps('src/runtime/**');
project.eslint?.allowDevDeps('src/**/handler/**');
// The preflight is bundled too (assets/preflight/cli), so its SDK clients are build-time dependencies as well.
project.eslint?.allowDevDeps('src/preflight/**');

project.synth();
