export * from './attach-point';
export * from './activation-key';
export * from './interconnect-connection';
