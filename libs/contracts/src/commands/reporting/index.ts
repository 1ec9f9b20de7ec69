export * from './views';
export * from './errors';
export * from './commands';
