import { qualified } from '@tatalaman/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Errors stored before outbound calls were guarded could hold the start of a target's
 * reply (`answered 500: <reply>`) or the network error of one port (`ECONNREFUSED`). They
 * become what the code now stores: the status only, or one "no answer" for every network
 * failure. Our own messages (no link, missing token, webhook disabled) stay.
 */
export class OutboundErrors1796100000000 implements MigrationInterface {
  name = 'OutboundErrors1796100000000';

  async up(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);
    const noAnswer = `'gave no answer (no connection, or none in time)'`;
    const webhook = (col: string) => `CASE
        WHEN ${col} ~ '^answered [0-9]{3}' THEN substring(${col} from '^answered [0-9]{3}')
        WHEN ${col} ~ '^webhook disabled' THEN 'webhook disabled'
        ELSE ${noAnswer} END
      || CASE WHEN ${col} ~ '.; webhook disabled$' THEN '; webhook disabled' ELSE '' END`;
    await q.query(`UPDATE ${t('webhook_attempts')} SET error = ${webhook('error')} WHERE error IS NOT NULL`);
    await q.query(
      `UPDATE ${t('webhook_deliveries')} SET last_error = ${webhook('last_error')} WHERE last_error IS NOT NULL`,
    );
    const social = (col: string) => `CASE
        WHEN ${col} ~ '^(bridge|Graph API) (answered [0-9]{3}( without|$)|not allowed|gave no answer)' THEN ${col}
        WHEN ${col} ~ '^(bridge|Graph API) answered [0-9]{3}' THEN substring(${col} from '^(?:bridge|Graph API) answered [0-9]{3}')
        WHEN ${col} = 'page id or page access token missing' THEN ${col}
        ELSE ${noAnswer} END`;
    await q.query(`UPDATE ${t('social_posts')} SET error = ${social('error')} WHERE error IS NOT NULL`);
    await q.query(
      `UPDATE ${t('receipts')} SET error = ${social('error')} WHERE error IS NOT NULL AND channel = 'social-media'`,
    );
  }

  async down(): Promise<void> {
    // What was scrubbed is gone on purpose.
  }
}
