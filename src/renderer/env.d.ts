/// <reference types="vite/client" />
import type { DepescheBridge } from '../shared/bridge';

declare global {
  interface Window {
    /** The main-process bridge, built from src/shared/bridge.ts by the preload. */
    readonly depesche: DepescheBridge;
  }
}
