// Options merged over defaults, where an explicitly undefined option (e.g. an absent CLI flag) keeps the default.
export function withDefaults<D extends object, O extends object>(defaults: D, opts: O): D & O {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) out[k] = v;
  return out as D & O;
}
