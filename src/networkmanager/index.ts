export * from './connect-peer-association';
