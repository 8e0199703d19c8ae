/**
 * The one way a component reads a view model: `const room = watch(() => model)` gives
 * `room.current`, the model's latest snapshot as Svelte state. It subscribes in an effect
 * and unsubscribes with it, follows when `model` becomes another view model (the next
 * room), and starts from the model's own value, so a component never copies initial state.
 */
import type { Observable } from '../view-models/observable';

export interface Watched<T> {
  readonly current: T;
}

export function watch<T>(model: () => Observable<T>): Watched<T>;
export function watch<T>(model: () => Observable<T> | null): Watched<T | null>;
export function watch<T>(model: () => Observable<T> | null): Watched<T | null> {
  // Which model the snapshot came from: right after a switch it is the previous one's.
  let latest = $state.raw<{ readonly from: Observable<T>; readonly value: T } | null>(null);
  $effect.pre(() => {
    const from = model();
    if (!from) return void (latest = null);
    return from.subscribe((value) => (latest = { from, value }));
  });
  return {
    get current() {
      const from = model();
      if (!from) return null;
      return latest?.from === from ? latest.value : from.value;
    },
  };
}
