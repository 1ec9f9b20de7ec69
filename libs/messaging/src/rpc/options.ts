import { type NatsOptions, Transport } from '@nestjs/microservices';
import { type Service } from '@tatalaman/contracts';
import { natsUrlFromEnv } from '../nats';
import { CommandReplySerializer, CommandRequestDeserializer } from './codec';

/**
 * Options for `app.connectMicroservice()`: the service answers its commands on
 * NATS_URL in the queue group `<service>`, so its replicas share the requests,
 * with our JSON codec (error replies in the contract's shape).
 *
 *   app.connectMicroservice(natsMicroserviceOptions('content'), { inheritAppConfig: true });
 *   await app.startAllMicroservices();
 */
export function natsMicroserviceOptions(
  service: Service,
  overrides: Partial<NatsOptions['options']> = {},
): NatsOptions {
  return {
    transport: Transport.NATS,
    options: {
      servers: natsUrlFromEnv().split(','),
      name: `${service}-commands`,
      queue: service,
      serializer: new CommandReplySerializer(),
      deserializer: new CommandRequestDeserializer(),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      // On shutdown: stop taking requests, let the ones in flight answer.
      gracefulShutdown: true,
      gracePeriod: 2000,
      ...overrides,
    },
  };
}
