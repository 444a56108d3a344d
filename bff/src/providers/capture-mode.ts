// Which capture a session gets from a provider that has two (its own SDK, or our native capture
// uploading through the BFF): the host's preference, else the provider's configured default, and
// never a native capture that cannot do the face check asked for.
import { faceCheckOf, type CaptureMode, type FaceCheck } from '@identity-verify/contract/vocabulary';
import type { Requirements } from '@identity-verify/contract/schemas';

/** Our capture takes still photos: a document and, if asked, a selfie (no video or motion). */
export const NATIVE_FACE_CHECKS: readonly FaceCheck[] = ['none', 'photo'];

export function captureModeFor(requirements: Requirements, configured: CaptureMode): CaptureMode {
  const wanted = requirements.capture ?? configured;
  return wanted === 'native' && NATIVE_FACE_CHECKS.includes(faceCheckOf(requirements)) ? 'native' : 'sdk';
}
