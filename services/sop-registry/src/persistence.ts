import { idempotencyKeysMigration, OFFICE_KEYS_TABLE } from '@tatalaman/messaging';
import { serviceSchema } from '@tatalaman/persistence';
import { ActiveType, Activation } from './activations/activation.entity';
import { Definition } from './definitions/definition.entity';
import { RegistryTables1795400000000 } from './migrations/1795400000000-registry-tables';
import { CalendarSyncs1795400412000 } from './migrations/1795400412000-calendar-syncs';
import { DefinitionOwners1796300000000 } from './migrations/1796300000000-definition-owners';
import { ScheduleSync } from './schedules/schedule-sync.entity';

export const REGISTRY_SCHEMA = 'registry';

/** The registry schema: its entities and migrations (the module and the CLI both use it). */
export const persistence = serviceSchema({
  schema: REGISTRY_SCHEMA,
  entities: [Definition, Activation, ActiveType, ScheduleSync],
  migrations: [
    RegistryTables1795400000000,
    CalendarSyncs1795400412000,
    DefinitionOwners1796300000000,
    idempotencyKeysMigration(OFFICE_KEYS_TABLE),
  ],
});
