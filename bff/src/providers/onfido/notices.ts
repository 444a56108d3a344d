// Onfido's notices for US residents (seed 001; Onfido's US privacy-notices guide): Onfido refuses a
// check for a US applicant unless `privacy_notices_read` was granted, so every US resident accepts
// Onfido's policies before anything is created there. With a face check the notice is the
// biometric one (the Facial Scan Policy and Release); without, the privacy one. Signicat Assure
// runs Onfido underneath and asks the same. The words live here, with the provider; the BFF
// serves them in the catalogue and checks each recorded text against them.
import type { ConsentNotice } from '@identity-verify/contract/vocabulary';
import { faceCheckOf } from '@identity-verify/contract/vocabulary';
import type { Requirements } from '@identity-verify/contract/schemas';
import type { ProviderNotices } from '../types.js';

export type OnfidoNotice = Extract<ConsentNotice, 'onfido_biometric_us' | 'onfido_privacy_us'>;

const POLICY = {
  facialScan: 'https://onfido.com/facial-scan-policy-and-release/',
  privacy: 'https://onfido.com/privacy/',
  terms: 'https://onfido.com/terms-of-service/',
};

export const ONFIDO_NOTICES: ProviderNotices = {
  onfido_biometric_us: {
    version: 'onfido-us-2026-12',
    words: {
      en: {
        heading: 'Your face scan and Onfido',
        body: '{organization} uses Onfido, a third-party provider, to check your identity. Onfido compares a scan of your face with the photo on your ID document. The scan is biometric information: Onfido uses it for this check, as its policies below describe.',
        confirm:
          'By selecting Accept, you confirm that you have read, understand and accept the Onfido Facial Scan Policy and Release, the Onfido Privacy Policy and the Onfido Terms of Service.',
        links_label: "Onfido's policies",
        links: [
          { label: 'Onfido Facial Scan Policy and Release', href: POLICY.facialScan },
          { label: 'Onfido Privacy Policy', href: POLICY.privacy },
          { label: 'Onfido Terms of Service', href: POLICY.terms },
        ],
      },
      es: {
        heading: 'El escaneo de tu rostro y Onfido',
        body: '{organization} usa Onfido, un proveedor externo, para comprobar tu identidad. Onfido compara un escaneo de tu rostro con la foto de tu documento de identidad. El escaneo es información biométrica: Onfido la usa para esta comprobación, como describen sus políticas a continuación.',
        confirm:
          'Al seleccionar Aceptar, confirmas que has leído, entiendes y aceptas la Política y Autorización de Escaneo Facial de Onfido, la Política de Privacidad de Onfido y los Términos del Servicio de Onfido.',
        links_label: 'Las políticas de Onfido',
        links: [
          { label: 'Política y Autorización de Escaneo Facial de Onfido', href: POLICY.facialScan },
          { label: 'Política de Privacidad de Onfido', href: POLICY.privacy },
          { label: 'Términos del Servicio de Onfido', href: POLICY.terms },
        ],
      },
    },
  },
  onfido_privacy_us: {
    version: 'onfido-us-privacy-2026-12',
    words: {
      en: {
        heading: 'Your document and Onfido',
        body: '{organization} uses Onfido, a third-party provider, to check your identity. Onfido reads the photo of your ID document and the details on it for this check, as its policies below describe.',
        confirm: 'By selecting Accept, you confirm that you have read, understand and accept the Onfido Privacy Policy and the Onfido Terms of Service.',
        links_label: "Onfido's policies",
        links: [
          { label: 'Onfido Privacy Policy', href: POLICY.privacy },
          { label: 'Onfido Terms of Service', href: POLICY.terms },
        ],
      },
      es: {
        heading: 'Tu documento y Onfido',
        body: '{organization} usa Onfido, un proveedor externo, para comprobar tu identidad. Onfido lee la foto de tu documento de identidad y sus datos para esta comprobación, como describen sus políticas a continuación.',
        confirm: 'Al seleccionar Aceptar, confirmas que has leído, entiendes y aceptas la Política de Privacidad de Onfido y los Términos del Servicio de Onfido.',
        links_label: 'Las políticas de Onfido',
        links: [
          { label: 'Política de Privacidad de Onfido', href: POLICY.privacy },
          { label: 'Términos del Servicio de Onfido', href: POLICY.terms },
        ],
      },
    },
  },
};

/** The notice a resident of `country` accepts before Onfido starts: every US resident accepts one. */
export function requiredNotices(requirements: Requirements, country: string): OnfidoNotice[] {
  if (country !== 'US') return [];
  return [faceCheckOf(requirements) === 'none' ? 'onfido_privacy_us' : 'onfido_biometric_us'];
}

/** True when the person accepted Onfido's policies: what Onfido calls `privacy_notices_read`. */
export function privacyNoticesRead(acceptedNotices: readonly ConsentNotice[]): boolean {
  return acceptedNotices.some((n) => n === 'onfido_biometric_us' || n === 'onfido_privacy_us');
}
