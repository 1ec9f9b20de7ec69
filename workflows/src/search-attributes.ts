// The search attributes a run is indexed by (Keyword type), so screens and tools can list an
// office's runs. Typed keys: the workflow, the worker and tests set and read them through these.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SOP_OFFICE = defineSearchAttributeKey('SopOffice', SearchAttributeType.KEYWORD);
export const SOP_DEFINITION_KEY = defineSearchAttributeKey('SopDefinitionKey', SearchAttributeType.KEYWORD);
export const SOP_ITEM_ID = defineSearchAttributeKey('SopItemId', SearchAttributeType.KEYWORD);
export const SOP_STATE = defineSearchAttributeKey('SopState', SearchAttributeType.KEYWORD);

export const RUN_SEARCH_ATTRIBUTES = [SOP_OFFICE, SOP_DEFINITION_KEY, SOP_ITEM_ID, SOP_STATE] as const;
