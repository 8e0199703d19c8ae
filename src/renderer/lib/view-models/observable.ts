import { Disposables, type Emitter, type EventOf, type ListenerOf } from './disposables';

/**
 * A value that view components can subscribe to; each update replaces the snapshot. A view
 * model registers whatever it starts (SDK listeners, subscriptions, timers, children) in
 * `disposables`, and `dispose()` ends all of it.
 */
export class Observable<T> {
  // ES private: a subclass may name its own fields as it likes.
  readonly #listeners = new Set<(value: T) => void>();
  #current: T;
  protected readonly disposables = new Disposables();

  constructor(initial: T) {
    this.#current = initial;
  }

  get value(): T {
    return this.#current;
  }

  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#current);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.disposables.dispose();
  }

  /** Adds an SDK listener that is removed when this view model is disposed (or when the returned function is called). */
  protected listen<E extends Emitter, T extends EventOf<E>>(emitter: E, event: T, listener: ListenerOf<E, T>): () => void {
    return this.disposables.listen(emitter, event, listener);
  }

  /** Whether `dispose()` was called: work that finishes afterwards (a request, a timer) publishes nothing. */
  protected get disposed(): boolean {
    return this.disposables.isDisposed;
  }

  protected set(next: T): void {
    this.#current = next;
    for (const listener of this.#listeners) listener(next);
  }
}
