export * from './association-removal-behavior';
export * from './hosted-connection-association';
export * from './virtual-interface-association';
