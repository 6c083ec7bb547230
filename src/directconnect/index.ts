export * from './association-removal-behavior';
export * from './direct-connect-target';
export * from './direct-connect-virtual-interface';
export * from './direct-connect-connection-metrics';
export * from './direct-connect-virtual-interface-metrics';
export * from './hosted-connection-association';
export * from './virtual-interface-association';
