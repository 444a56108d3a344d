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

/** Languages the widget ships (widget/src/i18n), each named in its own language. */
export const LOCALES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
  { code: 'de', name: 'Deutsch' },
  { code: 'it', name: 'Italiano' },
  { code: 'pt-BR', name: 'Português (Brasil)' },
  { code: 'pt-PT', name: 'Português (Portugal)' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'sv', name: 'Svenska' },
  { code: 'nb', name: 'Norsk bokmål' },
  { code: 'da', name: 'Dansk' },
  { code: 'fi', name: 'Suomi' },
  { code: 'pl', name: 'Polski' },
  { code: 'cs', name: 'Čeština' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'ar', name: 'العربية' },
  { code: 'he', name: 'עברית' },
  { code: 'ja', name: '日本語' },
  { code: 'zh-CN', name: '中文（简体）' },
  { code: 'ko', name: '한국어' },
];
