/**
 * Whether `error` (or an error in its `cause` chain) is a primary-key or unique-constraint
 * violation: PostgreSQL SQLSTATE 23505, SQLite `SQLITE_CONSTRAINT_PRIMARYKEY` / `_UNIQUE`.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  }
  return false;
}
