import { Logger } from '@nestjs/common';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { RUN_SEARCH_ATTRIBUTES } from '@tatalaman/workflows';

/**
 * The embedded dev server is started with these attributes; a server the worker
 * did not start may lack them, and upserting an unknown attribute fails workflow
 * tasks, so they are registered before the worker polls.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = RUN_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (!missing.length) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [
        key.name,
        temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
      ]),
    ),
  });
  new Logger('Temporal').log(
    `registered search attributes ${missing.map((key) => key.name).join(', ')} in namespace ${namespace}`,
  );
}
