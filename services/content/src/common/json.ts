/** JSON data as stored in jsonb columns (TypeORM's partial-entity types need it spelled out). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
