export * from './managers.js';
export * from './butler-yaml.js';
export * from './repository-attributes.js';
export * from './create-repo.js';
export * from './open-repo.js';
