// Cloudflare Turnstile: its check renders inline and hands the flow a token.
import type { Driver } from './driver.js';

export const turnstile: Driver<'turnstile'> = {
  provider_key: 'turnstile',
  brand: 'Cloudflare Turnstile',
  presentation: 'inline',
  load: () => import('./turnstile/ui.js'),
};
