export * from './api-error.js';
export * from './auth.js';
export * from './health.js';
export * from './cluster.js';
export * from './node.js';
export * from './eviction.js';
export * from './tenant.js';
export * from './autoscaler.js';
