// Everything the contract exports, for server-side code. The widget imports the zod-free
// modules (vocabulary, errors, events, countries) and only types from schemas.
export * from './vocabulary.js';
export * from './errors.js';
export * from './events.js';
export * from './countries.js';
export * from './schemas.js';
