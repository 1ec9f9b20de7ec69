import { Logger } from '@nestjs/common';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Runs are indexed by these, so screens and tools can list an office's runs (Keyword type). */
export const RUN_SEARCH_ATTRIBUTES = ['SopOffice', 'SopDefinitionKey', 'SopItemId', 'SopState'] as const;

/**
 * The embedded dev server is started with these attributes; a server the worker
 * did not start may lack them, and upserting an unknown attribute fails workflow
 * tasks, so they are registered before the worker polls.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = RUN_SEARCH_ATTRIBUTES.filter((name) => !(name in (existing.customAttributes ?? {})));
  if (!missing.length) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  new Logger('Temporal').log(`registered search attributes ${missing.join(', ')} in namespace ${namespace}`);
}
