export * from './interconnect';
export * from './networkmanager';
export * from './iotwireless';
export * from './directconnect';
export * from './provider';
