export * from './fields';
export * from './views';
export * from './errors';
export * from './commands';
