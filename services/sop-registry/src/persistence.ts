import { MessagingTables1795305600000 } from '@tatalaman/persistence';
import { ActiveType, Activation } from './activations/activation.entity';
import { Definition } from './definitions/definition.entity';
import { RegistryTables1795400000000 } from './migrations/1795400000000-registry-tables';
import { CalendarSyncs1795400412000 } from './migrations/1795400412000-calendar-syncs';
import { DefinitionOwners1796300000000 } from './migrations/1796300000000-definition-owners';
import { ScheduleSync } from './schedules/schedule-sync.entity';

export const REGISTRY_SCHEMA = 'registry';
export const REGISTRY_ENTITIES = [Definition, Activation, ActiveType, ScheduleSync];
export const REGISTRY_MIGRATIONS = [
  MessagingTables1795305600000,
  RegistryTables1795400000000,
  CalendarSyncs1795400412000,
  DefinitionOwners1796300000000,
];
