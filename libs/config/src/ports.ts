import type { Config } from './variables';

/** Every process of the platform, in start order. */
export const serviceNames = [
  'gateway',
  'sop-registry',
  'content',
  'approvals',
  'publishing',
  'reporting',
  'worker',
] as const;
export type ServiceName = (typeof serviceNames)[number];

/** The HTTP port of each process: the two public edges have their own settings, the rest follow a base. */
export function servicePort(config: Config, service: ServiceName): number {
  switch (service) {
    case 'gateway':
      return config.GATEWAY_PORT;
    case 'publishing':
      return config.PUBLIC_SITE_PORT;
    default:
      return config.SERVICE_HEALTH_PORT_BASE + serviceNames.indexOf(service);
  }
}
