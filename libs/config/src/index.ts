export { variables, type Config, type VariableName, type VariableSpec } from './variables';
export { loadConfig, ConfigError, dataDir, repoRoot, readDotEnv, isExplicit } from './load';
export { renderEnvExample } from './env-example';
export { serviceNames, servicePort, type ServiceName } from './ports';
