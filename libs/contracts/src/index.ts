export * from './naming';
export * from './envelope';
export * from './events';
export * from './commands';
