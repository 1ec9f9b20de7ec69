export {
  connectNats,
  closeNats,
  natsUrlFromEnv,
  serverAtLeast,
  NatsUnavailable,
  type ConnectNatsOptions,
} from './nats';
export { ensureStreams, domainStreamConfig, streamSettingsFromEnv, type StreamSettings } from './streams';
export { OutboxWriter, OutboxError, outboxChannel, MAX_EVENT_BYTES } from './outbox-writer';
export { OutboxRelay, relayLockNamespace, type OutboxRelayOptions, type RelayStats } from './outbox-relay';
export {
  EventConsumer,
  consumerDurableName,
  type EventConsumerOptions,
  type EventContext,
  type EventHandler,
  type EventHandlerFn,
  type ConsumerStats,
} from './consumer';
export { replayFrom, type ReplayedEvent, type ReplayOptions } from './replay';
export { CommandReplySerializer, CommandRequestDeserializer, toErrorReply } from './rpc/codec';
export {
  CommandFailure,
  RemoteError,
  CommandExceptionFilter,
  commandFailure,
  errorReplyFor,
} from './rpc/errors';
export { CommandController, HandleCommand, commandMeta } from './rpc/decorators';
export { CommandContextInterceptor, commandContextOf } from './rpc/command-context';
export { SafeTextGuard } from './rpc/safe-text.guard';
export { CommandClient, type SendOptions } from './rpc/client';
export { canonicalHash, canonicalJson, requestHash } from './idempotency/canonical-json';
export {
  IDEMPOTENCY_OPTIONS,
  IdempotencyStore,
  idempotencyKeyReused,
  type IdempotencyOptions,
  type IdempotencyScope,
  type IdempotentCall,
} from './idempotency/idempotency-store';
export {
  downgradeIdempotencyTable,
  idempotencyKeysMigration,
  OFFICE_KEYS_TABLE,
  upgradeIdempotencyTable,
  type LegacyIdempotencyTable,
} from './idempotency/idempotency-table';
export { natsMicroserviceOptions } from './rpc/options';
export {
  MessagingModule,
  MessagingLifecycle,
  NATS_CONNECTION,
  JETSTREAM,
  JETSTREAM_MANAGER,
  type ConsumerSpec,
  type MessagingModuleOptions,
} from './messaging.module';
