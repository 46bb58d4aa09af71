/**
 * One step of the schema. A step is never edited once released: change the schema by adding a file
 * here (the next version) and listing it in ../migrations.ts.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}
