/**
 * trainlab — the library under the course. Everything public is exported here, by name.
 */
export { ready, selectBackend, BACKENDS } from './backend';
export type { BackendInfo, BackendName, BackendLoader, SelectOptions } from './backend';
export type { NamedTensorMap, Schedule } from './core/types';
export { Random } from './core/random';
