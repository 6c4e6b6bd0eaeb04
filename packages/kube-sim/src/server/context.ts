import type { Simulation } from '../sim/types.js';
import type { KubeObjectStore } from '../store/object-store.js';
import type { AuthConfig } from './auth.js';
import type { Faults } from './faults.js';

/** An open watch stream the server can end or reset (for the drop-watches faults and shutdown). */
export interface ActiveWatch {
  /** End the stream cleanly. */
  end(): void;
  /** Destroy the connection. */
  reset(): void;
}

/** What every request handler shares. */
export interface ServerContext {
  store: KubeObjectStore;
  /** The running simulation, for node proxy, metrics and truth; absent when serving a bare store. */
  sim?: Simulation;
  /** Simulated time, for ages in tables. */
  now(): Date;
  auth: AuthConfig;
  faults: Faults;
  watches: Set<ActiveWatch>;
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK. */
  bookmarkIntervalMs: number;
  /** Random source for the fault fractions. */
  random(): number;
  /** Scenario and speed, for /sim/v1/info. */
  info: { scenario?: string; speed?: number };
  /** Restart the listener (the restart fault); set by the server. */
  restart?(afterMs: number): void;
}
