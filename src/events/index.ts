export * from './primitives.js';
export * from './period.js';
export * from './catalogue.js';
export * from './streams.js';
export * from './canonical.js';
export * from './envelope.js';
