/**
 * The keys of a WAI-ARIA tab list: the arrows of its orientation move to the previous or
 * next tab (wrapping), Home and End to the first and last.
 */
export function tabAfterKey<T>(tabs: readonly T[], current: T, key: string, orientation: 'horizontal' | 'vertical'): T | undefined {
  const at = tabs.indexOf(current);
  const [back, forward] = orientation === 'vertical' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
  const next = key === forward ? at + 1 : key === back ? at - 1 : key === 'Home' ? 0 : key === 'End' ? tabs.length - 1 : undefined;
  return next === undefined ? undefined : tabs[(next + tabs.length) % tabs.length];
}
