import { startEmulator, RunningEmulator } from '../local/emulator/emulator';
import type { DirectConnectService } from '../local/emulator/services/directconnect';
import type { NetworkManagerService } from '../local/emulator/services/networkmanager';

/** 64 hex characters: the form of a Sidewalk application server private key. */
export const BENCH_PRIVATE_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** Simulated transition times for the lifecycle and scale runs (ms). */
export const BENCH_TIMINGS: Record<string, number> = {
  'directconnect.move': 1500,
  'networkmanager.associate': 1500,
  'networkmanager.disassociate': 1500,
  'networkmanager.deletedVisible': 500,
  'interconnect.pendingToAvailable': 1500,
  'interconnect.updating': 1500,
  'interconnect.deleting': 1500,
  'interconnect.deletedVisible': 500,
};

export interface BenchEmulator {
  readonly emulator: RunningEmulator;
  readonly secretArn: string;
  /** Reset and seed again: `count` extra hosted connections, virtual interfaces and Connect peers, and the Sidewalk key. */
  reseed(count: number): string;
}

/**
 * The emulator as the bench uses it: Direct Connect pages at its real size (100, not the emulator's
 * paging-exercising 3), extra fixture resources seeded with the `seed` controls, and a Sidewalk key in
 * Secrets Manager.
 */
export async function startBenchEmulator(count: number, timings: Record<string, number> = BENCH_TIMINGS): Promise<BenchEmulator> {
  const emulator = await startEmulator({ port: 0, quiet: true, timings });
  let secretArn = '';
  const reseed = (n: number) => {
    emulator.reset();
    const dx = emulator.service<DirectConnectService>('directconnect');
    dx.control('setPageSize', { size: 100 });
    dx.seedMore('us-east-1', n, n);
    emulator.service<NetworkManagerService>('networkmanager').seedConnectPeers(n);
    const put = emulator.service('secretsmanager').control!('putSecret', {
      name: 'sidewalk/app-server-key', secretString: JSON.stringify({ appServerPrivateKey: BENCH_PRIVATE_KEY }),
    }, undefined as any) as { arn: string };
    secretArn = put.arn;
    return secretArn;
  };
  reseed(count);
  return { emulator, get secretArn() { return secretArn; }, reseed };
}

/** The environment a handler process needs to reach the emulator. */
export function emulatorEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH000000000000',
    AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
