// The steps rendered by a chunk of their own, loaded beside the session (see ./index.ts): a
// provider's notice and its step, reached after the person chose a way to verify, a delegation
// service's question after the verification, and each result;
// with them, the controller that mounts a provider's UI on its step.
export { ProviderMount } from '../drivers/mount.js';
export { renderDelegation } from './delegation.js';
export { renderNotice } from './notice.js';
export { renderProviderStep } from './provider-step.js';
export { renderResult } from './result.js';
