export * from './client.js';
export * from './errors.js';
export * from './options.js';
export * from './pending.js';
