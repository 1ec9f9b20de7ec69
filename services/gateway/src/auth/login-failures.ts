/**
 * Failed logins per email, in this process: after `limit` failures inside `windowMs`
 * the email is locked until the window ends, whoever tries. Together with the per-IP
 * limit on the login route this slows both one attacker on many accounts and many
 * addresses on one account. (Per process: replicas each count their own share.)
 */
export class LoginFailures {
  private readonly entries = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the email may try again, or 0. */
  lockedFor(email: string, now = Date.now()): number {
    const e = this.entries.get(email);
    if (!e || e.until <= now) return 0;
    return e.count >= this.limit ? Math.ceil((e.until - now) / 1000) : 0;
  }

  fail(email: string, now = Date.now()): void {
    const e = this.entries.get(email);
    if (!e || e.until <= now) this.entries.set(email, { count: 1, until: now + this.windowMs });
    else e.count++;
    if (this.entries.size > 100_000) this.sweep(now);
  }

  clear(email: string): void {
    this.entries.delete(email);
  }

  private sweep(now: number): void {
    for (const [k, v] of this.entries) if (v.until <= now) this.entries.delete(k);
  }
}
