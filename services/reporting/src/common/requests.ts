import { type NatsContext } from '@nestjs/microservices';
import { OFFICE_SLUG } from '@tatalaman/contracts';
import { commandMeta } from '@tatalaman/messaging';
import { z } from 'zod';
import { fail } from './failures';

/**
 * Request validation. The gateway resolves who the caller is and whether they may see
 * the office; reporting checks the shape and scopes everything to the office named.
 */
export const actorSchema = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1).max(200),
  name: z.string().max(300).optional(),
});

export const office = z.string().regex(OFFICE_SLUG);
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
export const semester = z.string().regex(/^\d{4}-S[12]$/);
export const periodCode = z.union([month, semester]);

const caller = {
  office,
  actor: actorSchema.optional(),
  officeAdmin: z.boolean().optional(),
  roles: z.unknown().optional(),
  idempotencyKey: z.string().max(200).optional(),
};

export const callerSchema = z.object(caller);

export const schemas = {
  monthly: z.object({ ...caller, month }),
  semester: z.object({ ...caller, semester }),
  export: z.object({
    ...caller,
    report: z.string().min(1).max(64),
    period: periodCode,
    format: z.enum(['csv', 'xlsx', 'pdf', 'json']),
    date: z.iso.date().optional(),
  }),
  sla: z.object({
    ...caller,
    by: z.enum(['step', 'role', 'person', 'content-type', 'definition']),
    from: month,
    to: month,
  }),
  chart: z.object({
    ...caller,
    chart: z.enum(['compliance', 'per-step', 'per-role', 'volume']),
    from: month,
    to: month,
    granularity: z.enum(['month', 'day']).optional(),
  }),
  comparison: z.object({ actor: actorSchema, platformAdmin: z.boolean(), period: periodCode }),
  platform: z.object({
    actor: actorSchema,
    platformAdmin: z.boolean(),
    idempotencyKey: z.string().max(200).optional(),
  }),
  generate: z.object({
    office,
    idempotencyKey: z.string().min(1).max(300),
    report: z.string().min(1).max(64),
    period: z
      .object({
        from: z.iso.datetime({ offset: true }),
        to: z.iso.datetime({ offset: true }),
        label: z.string().max(100),
      })
      .optional(),
    run: z.object({
      workflowId: z.string().min(1).max(300),
      stepId: z.string().min(1).max(200),
      definitionKey: z.string().min(1).max(200),
    }),
  }),
  reportsList: z.object({
    ...caller,
    report: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  download: z.object({ ...caller, reportId: z.uuid(), format: z.enum(['csv', 'xlsx', 'pdf', 'json']) }),
  problemsList: z.object({
    ...caller,
    status: z.enum(['open', 'in-progress', 'resolved']).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  problemGet: z.object({ ...caller, problemId: z.uuid() }),
  problemCreate: z.object({
    ...caller,
    actor: actorSchema,
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().min(1).max(5000),
    category: z.enum(['content', 'display', 'network', 'server', 'security', 'domain', 'email', 'other']),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
  }),
  problemUpdate: z.object({
    ...caller,
    actor: actorSchema,
    problemId: z.uuid(),
    title: z.string().trim().min(1).max(300).optional(),
    description: z.string().trim().min(1).max(5000).optional(),
    category: z
      .enum(['content', 'display', 'network', 'server', 'security', 'domain', 'email', 'other'])
      .optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
    status: z.enum(['open', 'in-progress', 'resolved']).optional(),
    resolution: z.string().trim().max(5000).optional(),
  }),
};

/** The request's idempotency key: the body's field, else the `Idempotency-Key` header. */
export function idempotencyKeyOf(request: { idempotencyKey?: unknown }, ctx: NatsContext): string {
  const key = request?.idempotencyKey ?? commandMeta(ctx).idempotencyKey;
  if (typeof key !== 'string' || !key || key.length > 300) throw fail.keyMissing();
  return key;
}
