/**
 * Expands `${NAME}` and `${NAME:-default}` in suite path values from the environment (e.g.
 * `${GEN2TO3_FIXTURES:-../shared/fixtures}/obs_test/data/input`). `$${` is a literal `${`.
 * @returns the expanded text, or the names of unset variables without a default.
 */
export function expandEnv(text: string, env: Readonly<Record<string, string | undefined>>): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (whole: string, name: string, fallback: string | undefined) => {
    if (whole.startsWith('$$')) return whole.slice(1);
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return whole;
  });
  return { value, missing };
}
