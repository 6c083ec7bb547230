export * from './hybrid-connectivity-provider';
export * from './hybrid-connectivity-provider-props';
export * from './scoped-grant';
