// oidc-provider's storage for one emulator: codes, tokens, sessions and interactions kept in this
// emulator's memory (the library's own memory adapter is one store for the whole process, so a
// reset could not clear it), expiring on the emulator's clock so tests move time instead of sleeping.
// Clients are not stored: they are read from the emulator's registry on every lookup, so a
// redirect URI registered at run time is in force at once.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { EmulatorClock } from '../clock.js';

interface Entry {
  payload: AdapterPayload;
  /** Emulator-clock ms; undefined = kept until reset. */
  expiresAt?: number;
}

/** What the store knows about one entry, expired or not (for provider-specific error messages). */
export interface StoredEntry {
  payload: AdapterPayload;
  expired: boolean;
  consumed: boolean;
}

export class OidcStore {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly findClient: (id: string) => AdapterPayload | undefined,
  ) {}

  /** The adapter factory to hand oidc-provider as `adapter`. */
  readonly adapter = (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    const live = (id: string) => {
      const entry = this.#entries.get(key(id));
      return entry && !this.#expired(entry) ? entry.payload : undefined;
    };
    const findBy = (field: 'uid' | 'userCode', value: string) =>
      [...this.#entries].find(([k, e]) => k.startsWith(`${model}:`) && e.payload[field] === value && !this.#expired(e))?.[1].payload;
    return {
      upsert: async (id, payload, expiresIn) => {
        this.#entries.set(key(id), {
          payload: structuredClone(payload),
          ...(typeof expiresIn === 'number' ? { expiresAt: this.clock.now() + expiresIn * 1000 } : {}),
        });
      },
      find: async (id) => (model === 'Client' ? this.findClient(id) : structuredClone(live(id))),
      findByUid: async (uid) => structuredClone(findBy('uid', uid)),
      findByUserCode: async (userCode) => structuredClone(findBy('userCode', userCode)),
      consume: async (id) => {
        const entry = this.#entries.get(key(id));
        if (entry) entry.payload.consumed = Math.floor(this.clock.now() / 1000);
      },
      destroy: async (id) => {
        this.#entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const [k, e] of this.#entries) if (e.payload.grantId === grantId) this.#entries.delete(k);
      },
    };
  };

  /** An entry by model and id even when expired or consumed, which oidc-provider's find() hides. */
  peek(model: string, id: string): StoredEntry | undefined {
    const entry = this.#entries.get(`${model}:${id}`);
    if (!entry) return undefined;
    return { payload: structuredClone(entry.payload), expired: this.#expired(entry), consumed: Boolean(entry.payload.consumed) };
  }

  clear(): void {
    this.#entries.clear();
  }

  #expired(entry: Entry): boolean {
    return entry.expiresAt !== undefined && entry.expiresAt <= this.clock.now();
  }
}
