// What one sign-in at the emulated ID.me established: who, for which consumer, which policy the
// person completed, and the document collected when that was an identity proofing (IAL2). The
// OAuth grant points at it, so every token of the grant (refreshed ones too) answers the same.
import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../shared/clock.js';
import type { DocumentStore, UploadedDocument } from './documents.js';
import type { IdMeConsumer } from './keys.js';
import type { TestPerson } from './people.js';
import { completedPolicy, ID_ME_POLICY, type PolicyHandle, type SignInOutcome } from './policies.js';

export interface Verification {
  id: string;
  person: TestPerson;
  clientId: string;
  /** The scopes (policy handles) the relying party asked for. */
  scopes: readonly string[];
  outcome: SignInOutcome;
  /** The policy actually completed: the id_token's acr. */
  policy: PolicyHandle;
  /** The identity document collected for an IAL2 proofing, when the consumer has passback on. */
  document?: UploadedDocument;
  at: number;
}

export class Verifications {
  #byId = new Map<string, Verification>();
  #byGrant = new Map<string, Verification>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly documents: DocumentStore,
  ) {}

  record(input: { person: TestPerson; consumer: IdMeConsumer; scopes: readonly string[]; outcome: SignInOutcome }): Verification {
    const policy = completedPolicy(input.scopes, input.outcome, input.person.groups.filter((g) => g.verified).map((g) => g.group));
    const document = policy === ID_ME_POLICY.ial2 && input.consumer.passback ? this.documents.upload(input.consumer.clientId) : undefined;
    const verification: Verification = {
      id: randomUUID(),
      person: input.person,
      clientId: input.consumer.clientId,
      scopes: [...input.scopes],
      outcome: input.outcome,
      policy,
      ...(document ? { document } : {}),
      at: this.clock.now(),
    };
    this.#byId.set(verification.id, verification);
    return verification;
  }

  get(id: string): Verification | undefined {
    return this.#byId.get(id);
  }

  /** Ties the OAuth grant of a sign-in to what it established: its codes and tokens carry the grant id. */
  linkGrant(grantId: string, verification: Verification): void {
    this.#byGrant.set(grantId, verification);
  }

  byGrant(grantId: string | undefined): Verification | undefined {
    return grantId === undefined ? undefined : this.#byGrant.get(grantId);
  }

  clear(): void {
    this.#byId.clear();
    this.#byGrant.clear();
  }
}
