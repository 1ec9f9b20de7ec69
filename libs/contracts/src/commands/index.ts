import { commandSubject, type Service, SERVICES } from '../naming';
import type { CommandDefinition } from './define';
import { APPROVALS_COMMAND_DEFINITIONS, type ApprovalsCommands } from './approvals';
import { CONTENT_COMMAND_DEFINITIONS, type ContentCommands } from './content';
import { GATEWAY_COMMAND_DEFINITIONS, type GatewayCommands } from './gateway';
import { PUBLISHING_COMMAND_DEFINITIONS, type PublishingCommands } from './publishing';
import { REGISTRY_COMMAND_DEFINITIONS, type RegistryCommands } from './registry';
import { REPORTING_COMMAND_DEFINITIONS, type ReportingCommands } from './reporting';
import { WORKER_COMMAND_DEFINITIONS, type WorkerCommands } from './worker';

export * from './common';
export * from './caller';
export * from './define';
export * from './errors';
export * from './approvals';
export * from './content';
export * from './gateway';
export * from './publishing';
export * from './registry';
export * from './reporting';
export * from './worker';

/**
 * Commands and queries between services (NATS request/reply through
 * `@nestjs/microservices`). Keys are `<service>.<name>`; the subject is
 * `<prefix>.cmd.<service>.<name>`. Every request names its office: the
 * receiving service scopes everything it reads or writes to it.
 */

/** Every command and query, by `<service>.<name>`; each service owns the file of its own. */
export interface CommandContracts
  extends
    ContentCommands,
    RegistryCommands,
    ApprovalsCommands,
    WorkerCommands,
    GatewayCommands,
    PublishingCommands,
    ReportingCommands {}

export type CommandName = keyof CommandContracts & string;
export type CommandRequest<K extends CommandName> = CommandContracts[K]['request'];
/** What a handler receives: the parsed request of a defined command, else the request as sent. */
export type CommandParsed<K extends CommandName> = CommandContracts[K] extends { parsed: infer P }
  ? P
  : CommandContracts[K]['request'];
export type CommandResponse<K extends CommandName> = CommandContracts[K]['response'];

/**
 * Every command written with `defineCommand`, by name: the receiving service parses with it
 * and the gateway documents its errors. One line per service's registry.
 */
export const COMMAND_DEFINITIONS: Readonly<Record<string, CommandDefinition>> = Object.freeze({
  ...CONTENT_COMMAND_DEFINITIONS,
  ...REGISTRY_COMMAND_DEFINITIONS,
  ...PUBLISHING_COMMAND_DEFINITIONS,
  ...REPORTING_COMMAND_DEFINITIONS,
  ...APPROVALS_COMMAND_DEFINITIONS,
  ...WORKER_COMMAND_DEFINITIONS,
  ...GATEWAY_COMMAND_DEFINITIONS,
});

/** The definition of a command, if it has one. */
export function commandDefinition(name: string): CommandDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(COMMAND_DEFINITIONS, name)
    ? COMMAND_DEFINITIONS[name]
    : undefined;
}

/** Splits `content.item.get` into the service and the name inside it. */
export function splitCommandName(name: string): { service: Service; name: string } {
  const dot = name.indexOf('.');
  const service = dot > 0 ? name.slice(0, dot) : '';
  if (!(SERVICES as readonly string[]).includes(service) || dot === name.length - 1) {
    throw new Error(`Command ${JSON.stringify(name)} must be "<service>.<name>" with a known service.`);
  }
  return { service: service as Service, name: name.slice(dot + 1) };
}

/** Subject of a command contract: `commandSubjectFor('content.item.get')` → `<prefix>.cmd.content.item.get`. */
export function commandSubjectFor(name: CommandName, prefix?: string): string {
  const split = splitCommandName(name);
  return prefix === undefined
    ? commandSubject(split.service, split.name)
    : commandSubject(split.service, split.name, prefix);
}

/** A message for staff in Bahasa Indonesia first, English available. */
export interface LocalizedMessage {
  id: string;
  en: string;
}

/**
 * The error reply of request/reply. The gateway turns it into RFC 9457
 * problem+json: `status` → status, `code` → type, `message` → title (by
 * Accept-Language), `detail` → extension members.
 */
export interface CommandErrorReply {
  error: {
    status: number;
    /** Stable, kebab-case: `not-found`, `conflict`, `invalid-request`, `timeout`… */
    code: string;
    message: LocalizedMessage;
    detail?: unknown;
  };
}

export function isCommandErrorReply(value: unknown): value is CommandErrorReply {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const e = (value as { error: unknown }).error;
  if (typeof e !== 'object' || e === null) return false;
  const { status, code, message } = e as Record<string, unknown>;
  return (
    typeof status === 'number' &&
    Number.isInteger(status) &&
    status >= 400 &&
    status <= 599 &&
    typeof code === 'string' &&
    typeof message === 'object' &&
    message !== null &&
    typeof (message as LocalizedMessage).id === 'string' &&
    typeof (message as LocalizedMessage).en === 'string'
  );
}

export function commandErrorReply(
  status: number,
  code: string,
  message: LocalizedMessage,
  detail?: unknown,
): CommandErrorReply {
  return { error: detail === undefined ? { status, code, message } : { status, code, message, detail } };
}
