export * from './sidewalk-account-association';
