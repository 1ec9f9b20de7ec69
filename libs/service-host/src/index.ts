export {
  runService,
  createService,
  requestIdMiddleware,
  APP_CONFIG,
  type ServiceOptions,
} from './run-service';
export { HealthRegistry, HealthController, SERVICE_NAME, type HealthCheck } from './health';
export { ServiceLogger } from './logger';
export { runWithContext, currentContext, requestIdFrom, type RequestContext } from './request-context';
export { BackgroundLoop, type BackgroundLoopOptions } from './background-loop';
