// Mounts <identity-verify> with a session's client secret, exactly as an integrator's page does.
import type { DemoConfig } from './api.js';

export interface MountOptions {
  clientSecret: string;
  locale: string;
  config: DemoConfig;
}

/**
 * Whether this page was opened from a handoff link (`#idv-handoff=…`): it is then a phone taking
 * over a verification, and its element gets no client secret: it redeems the link's token itself.
 */
export const openedFromHandoffLink = () => /[#&]idv-handoff=/.test(location.hash);

/** Builds the element unattached, so listeners can be added before it emits its first event. */
export function createWidget({ clientSecret, locale, config }: MountOptions): HTMLElement {
  const element = document.createElement('identity-verify');
  if (clientSecret) element.setAttribute('client-secret', clientSecret);
  element.setAttribute('api-base', config.bff_url);
  element.setAttribute('locale', locale);
  element.setAttribute('organization-name', config.organization_name);
  element.setAttribute('privacy-policy-url', new URL(config.privacy_policy_path, location.href).href);
  return element;
}
