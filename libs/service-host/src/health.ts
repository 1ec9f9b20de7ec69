import { Controller, Get, HttpStatus, Injectable, Res } from '@nestjs/common';
import type { Response } from 'express';

export type HealthCheck = () => Promise<string | void>;

/** Modules register what their process depends on (database, NATS, Temporal); /health runs them all. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck) {
    this.checks.set(name, check);
  }

  async run(
    timeoutMs = 2_000,
  ): Promise<{ ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const detail = await Promise.race([
            check(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          return [name, { ok: true, ...(detail ? { detail } : {}) }] as const;
        } catch (error) {
          return [
            name,
            { ok: false, detail: error instanceof Error ? error.message : String(error) },
          ] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return { ok: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
  }
}

export const SERVICE_NAME = Symbol('SERVICE_NAME');

@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** 200 when every dependency answers, 503 otherwise; the body says which one failed. */
  @Get()
  async health(@Res() res: Response) {
    const result = await this.registry.run();
    res.status(result.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: result.ok ? 'ok' : 'degraded',
      checks: result.checks,
    });
  }
}
