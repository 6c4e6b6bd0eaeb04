export * from './api-error.js';
export * from './auth.js';
export * from './health.js';
