export * from './dimension-config.js';
export * from './dimension-element.js';
export * from './dimension-universe.js';
export * from './element-order.js';
export * from './python-json.js';
export * from './serialize-universe.js';
export * from './universe-v8.js';
