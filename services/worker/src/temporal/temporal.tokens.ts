export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_SETTINGS = Symbol('TEMPORAL_SETTINGS');

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
}
