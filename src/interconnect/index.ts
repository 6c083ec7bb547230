export * from './attach-point';
export * from './activation-key';
export * from './activation-key-secret-options';
export * from './interconnect-connection';
