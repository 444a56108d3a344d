// The operations behind the API, the emulated Link and the test controls, in one place so that
// every change to an attempt sends the webhooks Plaid sends: STEP_UPDATED for each step the person
// (or a reviewer) completed, STATUS_UPDATED when the attempt's status moves, RETRIED for a retry.
import type { EmulatorClock } from '../shared/clock.js';
import { plaidErrors } from './errors.js';
import type { PlaidTemplate } from './keys.js';
import { FlowError, activateNext, apply, newAttempt, runAutomatic, type Change } from './machine.js';
import { emptyUser, randomId, type LinkToken, type PlaidState, type PlaidUser, type Verification } from './model.js';
import { retryAttempt, type CustomSteps, type Strategy } from './retry.js';
import type { PlaidWebhooks } from './webhooks.js';

/** Link tokens for IDV live 4 hours here (Plaid: "expiration not enforced for IDV sessions" once opened). */
export const LINK_TOKEN_TTL_MS = 4 * 3600 * 1000;
const COMPLETED_STEP = ['success', 'failed', 'pending_review', 'manually_approved', 'manually_rejected'];

export class PlaidService {
  constructor(
    readonly state: PlaidState,
    readonly webhooks: PlaidWebhooks,
    readonly clock: EmulatorClock,
  ) {}

  now = () => this.clock.now();

  template(id: string): PlaidTemplate {
    const template = this.state.templates.get(id);
    if (!template) throw plaidErrors.notFound('template_id');
    return template;
  }

  verification(id: string): Verification {
    const v = this.state.verifications.get(id);
    if (!v) throw plaidErrors.notFound('identity_verification_id');
    return v;
  }

  /** Runs an operation on an attempt and sends the webhooks its changes call for. */
  change(v: Verification, operation: (v: Verification) => void): Change {
    const changed = apply(v, operation);
    for (const s of changed.steps) if (COMPLETED_STEP.includes(s.to)) this.webhooks.emit('STEP_UPDATED', v.id);
    if (changed.status) this.webhooks.emit('STATUS_UPDATED', v.id);
    return changed;
  }

  createLinkToken(o: { template: PlaidTemplate; clientUserId: string; user: Partial<PlaidUser>; gaveConsent: boolean; webhook: string | null }): LinkToken {
    const token: LinkToken = {
      token: `link-sandbox-${crypto.randomUUID()}`,
      template: o.template,
      client_user_id: o.clientUserId,
      user: { ...emptyUser(), ...o.user },
      gave_consent: o.gaveConsent,
      webhook: o.webhook,
      expires_at: this.now() + LINK_TOKEN_TTL_MS,
      verification_id: null,
    };
    this.state.linkTokens.set(token.token, token);
    return token;
  }

  linkToken(token: string): LinkToken {
    const found = this.state.linkTokens.get(token);
    if (!found || (found.verification_id === null && found.expires_at <= this.now())) throw plaidErrors.invalidLinkToken();
    return found;
  }

  createVerification(o: { template: PlaidTemplate; clientUserId: string; user: Partial<PlaidUser>; gaveConsent: boolean; isShareable: boolean; idempotent: boolean }): Verification {
    const existing = this.state.latestOf(o.clientUserId, o.template.id);
    if (existing) {
      if (o.idempotent) return existing;
      // [U] Plaid documents "400 Bad Request" here without naming a code.
      throw plaidErrors.invalidField('an identity verification already exists for this client_user_id and template_id; set is_idempotent to get it, or use /identity_verification/retry');
    }
    const v = newAttempt({ template: o.template, clientUserId: o.clientUserId, user: { ...emptyUser(), ...o.user }, gaveConsent: o.gaveConsent, isShareable: o.isShareable, now: this.now() });
    this.state.verifications.set(v.id, v);
    return v;
  }

  retry(o: { clientUserId: string; template: PlaidTemplate; strategy: Strategy; steps?: CustomSteps; user?: Partial<PlaidUser>; isShareable?: boolean | null }): Verification {
    const previous = this.state.latestOf(o.clientUserId, o.template.id);
    if (!previous) throw plaidErrors.notFound('client_user_id');
    const before = previous.status;
    let result;
    try {
      result = retryAttempt({
        previous,
        template: o.template,
        strategy: o.strategy,
        steps: o.steps,
        user: o.user ? { ...previous.user, ...o.user } : undefined,
        isShareable: o.isShareable,
        now: this.now(),
      });
    } catch (error) {
      if (error instanceof FlowError) throw plaidErrors.invalidField(error.message);
      throw error;
    }
    if (result.canceled && before !== result.canceled.status) this.webhooks.emit('STATUS_UPDATED', previous.id);
    this.state.verifications.set(result.attempt.id, result.attempt);
    this.webhooks.emit('RETRIED', result.attempt.id);
    return result.attempt;
  }

  /**
   * Link opening on a token: resumes the user's latest attempt on the template (Plaid's
   * RESUME_SESSION), else creates one (CREATE_SESSION) from the token's user data. A failed
   * attempt stays failed until /identity_verification/retry makes a new one: Plaid retries a
   * session on its side rather than starting a new one for the same user and template.
   */
  openLink(token: LinkToken): { v: Verification; resumed: boolean; change: Change } {
    const known = token.verification_id ? this.state.verifications.get(token.verification_id) : undefined;
    const latest = known ?? this.state.latestOf(token.client_user_id, token.template.id);
    const resumed = !!latest;
    const v = resumed
      ? latest!
      : newAttempt({ template: token.template, clientUserId: token.client_user_id, user: { ...emptyUser(), ...token.user }, gaveConsent: token.gave_consent, isShareable: false, now: this.now() });
    if (!resumed) {
      v.user.ip_address = '127.0.0.1';
      this.state.verifications.set(v.id, v);
    }
    token.verification_id = v.id;
    return { v, resumed, change: this.start(v).change };
  }

  /**
   * The person starts (or comes back to) an attempt: Plaid's first STEP_UPDATED ("the user has
   * started the session and is on the first step") the first time; an attempt whose remaining
   * steps are all automatic (a retry that kept the rest) finishes now.
   */
  start(v: Verification): { v: Verification; change: Change } {
    if (!v.started_in_link && v.status === 'active') {
      v.started_in_link = true;
      this.webhooks.emit('STEP_UPDATED', v.id);
    }
    const change = this.change(v, (x) => {
      activateNext(x, this.now());
      runAutomatic(x, this.now());
    });
    return { v, change };
  }

  /** One step of the flow in Link: the step runs, then any automatic steps it leads to. */
  step(v: Verification, run: (v: Verification, now: number) => unknown): Change {
    try {
      return this.change(v, (x) => {
        run(x, this.now());
        runAutomatic(x, this.now());
      });
    } catch (error) {
      if (error instanceof FlowError) throw plaidErrors.invalidField(error.message);
      throw error;
    }
  }

  list(o: { templateId: string; clientUserId: string; cursor?: string; pageSize: number }): { page: Verification[]; next: string | null } {
    const all = this.state.attemptsOf(o.clientUserId, o.templateId);
    let offset = 0;
    if (o.cursor !== undefined) {
      const decoded = /^o(\d{1,6})\.[0-9A-Za-z]{6}$/.exec(Buffer.from(o.cursor, 'base64url').toString('utf8'));
      if (!decoded) throw plaidErrors.invalidField('cursor is not valid');
      offset = Number(decoded[1]);
    }
    const page = all.slice(offset, offset + o.pageSize);
    const end = offset + page.length;
    // Opaque to the caller, like Plaid's: an offset with a random tail so it is never guessed as a number.
    const next = end < all.length ? Buffer.from(`o${end}.${randomId(6)}`).toString('base64url') : null;
    return { page, next };
  }
}
