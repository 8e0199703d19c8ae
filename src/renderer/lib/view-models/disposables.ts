/**
 * Lifetimes without hand-written clean-up: whatever a view model starts (an SDK listener,
 * a subscription, a timer, a child view model) is added to its `Disposables` when it is
 * started, and all of it ends with one `dispose()`. A forgotten `off()` cannot exist.
 * (The shape of VS Code's DisposableStore and MutableDisposable.)
 */
import type { ClientEventHandlerMap, MatrixClient, MatrixEvent, MatrixEventHandlerMap, Room, RoomEventHandlerMap } from 'matrix-js-sdk';
import type { VerificationRequest, VerificationRequestEventHandlerMap, Verifier, VerifierEventHandlerMap } from 'matrix-js-sdk/lib/crypto-api';

export interface Disposable {
  dispose(): void;
}

/** Something that ends: a disposable, or a function that undoes what was started. */
export type Teardown = Disposable | (() => void);

/**
 * Each event's listener type for the SDK's emitters. TypedEventEmitter declares its listener
 * map only inside generic methods, where inference cannot reach it, so the emitters the view
 * models listen to are named here (another one does not compile until it is added).
 */
type HandlersOf<E> = E extends MatrixClient
  ? ClientEventHandlerMap
  : E extends Room
    ? RoomEventHandlerMap
    : E extends MatrixEvent
      ? MatrixEventHandlerMap
      : E extends VerificationRequest
        ? VerificationRequestEventHandlerMap
        : E extends Verifier
          ? VerifierEventHandlerMap
          : never;

/** An event of this emitter, and the listener it takes. */
export type EventOf<E> = keyof HandlersOf<E> & string;
export type ListenerOf<E, T extends EventOf<E>> = HandlersOf<E>[T];

/** Any of the SDK's emitters, as far as adding and removing a listener goes. */
export interface Emitter {
  on(event: string, listener: Handler): unknown;
  off(event: string, listener: Handler): unknown;
}

type Handler = (...args: never[]) => unknown;

export class Disposables implements Disposable {
  private readonly live = new Set<Teardown>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `item` until `dispose()`; added to a store already disposed, it is disposed at once. */
  add<T extends Teardown>(item: T): T {
    if (this.disposed) end(item);
    else this.live.add(item);
    return item;
  }

  /**
   * Adds an SDK listener that is removed with the store. The returned function removes it
   * sooner (a listener that waits for one event), and is safe to call more than once.
   */
  listen<E extends Emitter, T extends EventOf<E>>(emitter: E, event: T, listener: ListenerOf<E, T>): () => void {
    const handler = listener as Handler;
    const stop = (): void => {
      this.live.delete(stop);
      emitter.off(event, handler);
    };
    if (this.disposed) return stop;
    emitter.on(event, handler);
    this.live.add(stop);
    return stop;
  }

  /** Ends everything added, the latest first (a child may still use what was there before it); idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.live].reverse();
    this.live.clear();
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        end(item);
      } catch (error) {
        errors.push(error);
      }
    }
    // One failing clean-up does not keep the others from running.
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed');
  }
}

/** One replaceable child (the open room, the shown verification): setting the next disposes the one before. */
export class ChildSlot<T extends Disposable> implements Disposable {
  private current: T | null = null;
  private disposed = false;

  get value(): T | null {
    return this.current;
  }

  /** Replaces the child, disposing the previous one; after `dispose()` the new one is disposed at once. */
  set<U extends T | null>(next: U): U {
    const previous = this.current;
    this.current = this.disposed ? null : next;
    if (previous !== next) previous?.dispose();
    if (this.disposed) next?.dispose();
    return next;
  }

  dispose(): void {
    this.disposed = true;
    this.set(null);
  }
}

function end(item: Teardown): void {
  if (typeof item === 'function') item();
  else item.dispose();
}
