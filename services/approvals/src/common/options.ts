export const APPROVALS_OPTIONS = Symbol('APPROVALS_OPTIONS');

export interface ApprovalsOptions {
  /** Overrides DATABASE_URL (tests). */
  databaseUrl?: string;
  /** How often the background loops look for work when nobody kicked them (ms, default 1000). */
  pollIntervalMs?: number;
  /** Overrides SMTP_URL; null turns e-mail off whatever the environment says. */
  smtpUrl?: string | null;
  /** Overrides PUBLIC_BASE_URL (links in notifications). */
  publicBaseUrl?: string;
}

export interface ResolvedOptions {
  pollIntervalMs: number;
  smtpUrl?: string;
  publicBaseUrl: string;
}
