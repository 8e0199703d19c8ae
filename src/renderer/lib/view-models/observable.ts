/** A value that view components can subscribe to; each update replaces the snapshot. */
export class Observable<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private current: T) {}

  get value(): T {
    return this.current;
  }

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  protected set(next: T): void {
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }
}
