import { readDotEnv, variables } from '@tatalaman/config';

/**
 * Subject and stream naming. Every name starts from the NATS prefix so several
 * installations (and every Jest test file) can share one NATS server without
 * seeing each other's messages.
 *
 *   domain event   <prefix>.evt.<office>.<domain>.<event-name>
 *   command/query  <prefix>.cmd.<service>.<name>
 *   stream         <PREFIX>_<DOMAIN>   capturing <prefix>.evt.*.<domain>.>
 */

/** Producing domains; one JetStream stream each. */
export const DOMAINS = [
  'content',
  'runs',
  'approvals',
  'publishing',
  'registry',
  'identity',
  'audit',
] as const;
export type Domain = (typeof DOMAINS)[number];

/** Processes that answer commands and queries over NATS request/reply. */
export const SERVICES = [
  'gateway',
  'sop-registry',
  'content',
  'approvals',
  'publishing',
  'reporting',
  'worker',
] as const;
export type Service = (typeof SERVICES)[number];

/** Office slug: one subject token, so no dots, wildcards or upper case. */
export const OFFICE_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Office token of platform-wide events (e.g. a seed SOP definition uploaded for
 * every office). Onboarding must refuse it as an office slug.
 */
export const PLATFORM_OFFICE = 'platform';

const EVENT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const COMMAND_NAME = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/;

export class NamingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NamingError';
  }
}

export function isOfficeSlug(value: unknown): value is string {
  return typeof value === 'string' && OFFICE_SLUG.test(value);
}

export function assertOfficeSlug(value: unknown): asserts value is string {
  if (!isOfficeSlug(value)) {
    throw new NamingError(
      `Invalid office slug ${JSON.stringify(value)}: use lower-case letters, digits and "-" (1-63 characters, not starting with "-").`,
    );
  }
}

export function isDomain(value: unknown): value is Domain {
  return typeof value === 'string' && (DOMAINS as readonly string[]).includes(value);
}

function assertDomain(value: unknown): asserts value is Domain {
  if (!isDomain(value))
    throw new NamingError(`Unknown domain ${JSON.stringify(value)} (known: ${DOMAINS.join(', ')}).`);
}

export function assertPrefix(prefix: string): string {
  const parsed = variables.NATS_PREFIX.schema.safeParse(prefix);
  if (!parsed.success) {
    throw new NamingError(
      `Invalid NATS prefix ${JSON.stringify(prefix)}: ${parsed.error.issues[0]?.message}.`,
    );
  }
  return parsed.data;
}

let dotEnvPrefix: string | null | undefined;

/**
 * The NATS prefix, read when called (never frozen at import): Jest's setup file
 * gives each test file its own prefix through process.env. The environment wins
 * over `.env` (read once, it does not change while a process runs), as in
 * `loadConfig()`.
 */
export function natsPrefix(): string {
  const fromEnv = process.env.NATS_PREFIX;
  if (fromEnv) return assertPrefix(fromEnv);
  if (dotEnvPrefix === undefined) dotEnvPrefix = readDotEnv().NATS_PREFIX || null;
  return assertPrefix(dotEnvPrefix ?? 'tl');
}

/** `<prefix>.evt.<office>.<domain>.<name>` */
export function eventSubject(office: string, domain: Domain, name: string, prefix = natsPrefix()): string {
  assertOfficeSlug(office);
  assertDomain(domain);
  if (!EVENT_NAME.test(name)) throw new NamingError(`Invalid event name ${JSON.stringify(name)}.`);
  return `${assertPrefix(prefix)}.evt.${office}.${domain}.${name}`;
}

/**
 * A subscription filter over domain events: omit `office` for all offices,
 * omit `name` for every event of the domain.
 */
export function eventFilterSubject(
  filter: { domain: Domain; name?: string; office?: string },
  prefix = natsPrefix(),
): string {
  assertDomain(filter.domain);
  if (filter.office !== undefined) assertOfficeSlug(filter.office);
  if (filter.name !== undefined && !EVENT_NAME.test(filter.name)) {
    throw new NamingError(`Invalid event name ${JSON.stringify(filter.name)}.`);
  }
  return `${assertPrefix(prefix)}.evt.${filter.office ?? '*'}.${filter.domain}.${filter.name ?? '>'}`;
}

export interface ParsedEventSubject {
  prefix: string;
  office: string;
  domain: Domain;
  name: string;
}

/** Inverse of eventSubject; undefined for anything that is not a domain event subject. */
export function parseEventSubject(subject: string): ParsedEventSubject | undefined {
  const parts = subject.split('.');
  if (parts.length !== 5 || parts[1] !== 'evt') return undefined;
  const [prefix, , office, domain, name] = parts as [string, string, string, string, string];
  if (!isOfficeSlug(office) || !isDomain(domain) || !EVENT_NAME.test(name)) return undefined;
  return { prefix, office, domain, name };
}

/** `<PREFIX>_<DOMAIN>`: one stream per producing domain. */
export function domainStreamName(domain: Domain, prefix = natsPrefix()): string {
  assertDomain(domain);
  return `${assertPrefix(prefix).toUpperCase()}_${domain.toUpperCase()}`;
}

/** What a domain's stream captures: every office, every event of the domain. */
export function domainStreamSubjects(domain: Domain, prefix = natsPrefix()): string[] {
  return [eventFilterSubject({ domain }, prefix)];
}

/** Every stream name an installation (or a test file) with this prefix may own. */
export function streamNamesForPrefix(prefix: string): string[] {
  return DOMAINS.map((d) => domainStreamName(d, prefix));
}

/** `<prefix>.cmd.<service>.<name>`; `name` may have dots (`item.get`). */
export function commandSubject(service: Service, name: string, prefix = natsPrefix()): string {
  if (!(SERVICES as readonly string[]).includes(service)) {
    throw new NamingError(`Unknown service ${JSON.stringify(service)} (known: ${SERVICES.join(', ')}).`);
  }
  if (!COMMAND_NAME.test(name)) throw new NamingError(`Invalid command name ${JSON.stringify(name)}.`);
  return `${assertPrefix(prefix)}.cmd.${service}.${name}`;
}
