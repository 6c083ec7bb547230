import type { EmulatorService, ServiceContext } from '../service';
import { DirectConnectService } from './directconnect';
import { InterconnectService } from './interconnect';
import { IoTWirelessService } from './iotwireless';
import { NetworkManagerService } from './networkmanager';
import { SecretsManagerService } from './secretsmanager';

/**
 * Every emulated service. Each entry makes a fresh service; add one line per service.
 */
export const SERVICE_FACTORIES: Array<(ctx: ServiceContext) => EmulatorService> = [
  ctx => new InterconnectService(ctx),
  ctx => new DirectConnectService(ctx),
  ctx => new SecretsManagerService(ctx),
  ctx => new NetworkManagerService(ctx),
  ctx => new IoTWirelessService(ctx),
];
