import { startEmulator } from './emulator';

/** `--port N`, `--port=N`, then `PORT`, then 4566 (the port LocalStack users already type). */
function portFrom(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let raw: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--port') raw = argv[i + 1];
    else if (arg.startsWith('--port=')) raw = arg.slice('--port='.length);
  });
  raw = raw ?? env.PORT ?? '4566';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`The port must be an integer from 0 to 65535, got '${raw}'`);
  }
  return port;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('Usage: npm run emulator -- [--port N] [--quiet]\n  PORT also sets the port; default 4566.\n');
    return;
  }
  const emulator = await startEmulator({ port: portFrom(argv, process.env), quiet: argv.includes('--quiet') });
  process.stdout.write([
    `Local AWS emulator listening on ${emulator.url}`,
    `  services: ${emulator.serviceNames.join(', ')}`,
    `  try:      AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y aws --endpoint-url ${emulator.url} --region us-east-1 interconnect list-environments`,
    `  controls: curl ${emulator.url}/_emulator/state`,
    'Ctrl-C stops it.',
    '',
  ].join('\n'));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the emulator\n`);
    emulator.stop().then(() => process.exit(0), err => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(err => {
  process.stderr.write(`emulator: ${(err as Error).message}\n`);
  process.exit(1);
});
