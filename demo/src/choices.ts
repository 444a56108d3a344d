// The options the start form offers, with the names people know them by. The presets themselves
// and the providers' names come from the demo's server code (../server/presets.ts), as plain data.
import type { CaptureMode } from '@identity-verify/contract/vocabulary';

export { DEFAULT_PRESET, PRESETS, PROVIDER_NAMES, requirementsFor, type PresetKey } from '../server/presets.js';

/** Who captures the images for providers that can take either; '' leaves it to each provider's configuration. */
export const CAPTURE_CHOICES: ReadonlyArray<{ value: CaptureMode | ''; name: string }> = [
  { value: '', name: 'Default (as each provider is configured)' },
  { value: 'native', name: "The widget's own capture" },
  { value: 'sdk', name: "The provider's SDK" },
];

/** Languages the widget ships; names are shown in their own language. */
export const LOCALES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  // The widget has no Swedish catalogue yet: BankID's guidance is in Swedish, the rest in English.
  { code: 'sv', name: 'Svenska (BankID)' },
];
