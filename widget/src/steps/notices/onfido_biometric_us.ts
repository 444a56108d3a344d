// Onfido's notice for US residents before a face check (seed 001): a third party, Onfido, runs the
// check, and the person confirms they have read, understand and accept Onfido's Facial Scan Policy
// and Release, Privacy Policy and Terms of Service, linked as Onfido's own SDK links them.
import type { NoticeDefinition } from './registry.js';

export const onfido_biometric_us: NoticeDefinition = {
  version: 'onfido-us-2026-12',
  heading: 'onfido_us_heading',
  body: 'onfido_us_body',
  confirm: 'onfido_us_confirm',
  linksLabel: 'onfido_us_links',
  links: [
    ['onfido_facial_scan_policy', 'https://onfido.com/facial-scan-policy-and-release/'],
    ['onfido_privacy_policy', 'https://onfido.com/privacy/'],
    ['onfido_terms', 'https://onfido.com/terms-of-service/'],
  ],
};
