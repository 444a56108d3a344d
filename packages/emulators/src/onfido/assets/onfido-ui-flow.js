// The emulated Web SDK's flow: which steps run (from `steps`, or the emulated Studio workflow),
// each capture retried until an upload is accepted, and the data onComplete receives, in the
// shape of the v14 SDK: { document_front: {id, type, side}, document_back?, face: {id, variant} }.
import { SdkFailure } from './onfido-ui-api.js';
import { capture, chooseDocument, review } from './onfido-ui-screens.js';

export const DOCUMENTS = {
  passport: { name: 'Passport', noun: 'passport', sides: ['front'] },
  driving_licence: { name: 'Driving licence', noun: 'driving licence', sides: ['front', 'back'] },
  national_identity_card: { name: 'National identity card', noun: 'national identity card', sides: ['front', 'back'] },
};
const VARIANTS = ['standard', 'video', 'motion'];
/** Steps the emulator shows nothing for: the host has its own welcome, consent and end screens. */
const SILENT = ['welcome', 'complete', 'consent'];

/** Failures that end the session (onError) instead of offering a retry. */
export const isFatal = (f) => Boolean(f) && ['expired_token', 'bad_referrer', 'auth', 'invalid_token', 'aborted'].includes(f.kind);

/**
 * `steps` as the SDK takes them (names or {type, options}) into the captures to run. With a
 * workflowRunId and no steps, the emulated workflow: a document, then a selfie photo.
 */
export function normaliseSteps(steps, workflowRunId) {
  const given = Array.isArray(steps) ? steps : workflowRunId ? ['document', 'face'] : ['welcome', 'document', 'face', 'complete'];
  const out = [];
  for (const step of given) {
    const type = typeof step === 'string' ? step : step && step.type;
    const options = (typeof step === 'object' && step && step.options) || {};
    if (type === 'document') {
      // v13-style `documentTypes: {passport: true, …}` narrows the choice; otherwise all three.
      const chosen = Object.keys(DOCUMENTS).filter((t) => options.documentTypes && options.documentTypes[t]);
      out.push({ type, documentTypes: chosen.length ? chosen : Object.keys(DOCUMENTS) });
    } else if (type === 'face') {
      const variant = options.requestedVariant || 'standard';
      if (!VARIANTS.includes(variant)) throw new SdkFailure('invalid_sdk_parameter', `Unknown face variant "${variant}".`);
      out.push({ type, variant });
    } else if (!SILENT.includes(type)) {
      throw new SdkFailure('invalid_sdk_parameter', `The emulated SDK does not support the "${type}" step.`);
    }
  }
  return out;
}

/** Capture, review, upload; again after "Retake" or a refused upload the person chose to redo. */
async function captureUntilUploaded(ui, captureSpec, reviewSpec, upload) {
  for (;;) {
    const captured = await capture(ui, captureSpec);
    const outcome = await review(ui, reviewSpec, captured, upload, isFatal);
    if (outcome.media) return outcome.media;
  }
}

async function documentStep(ui, api, step, data) {
  const type = await chooseDocument(ui, step.documentTypes, DOCUMENTS);
  const doc = DOCUMENTS[type];
  for (const side of doc.sides) {
    const where = `${side === 'front' ? 'Front' : 'Back'} of ${doc.noun}`;
    const media = await captureUntilUploaded(
      ui,
      {
        title: where,
        instructions: `Take a photo of the ${side} of your ${doc.noun}${type === 'passport' ? ' (the page with your photo)' : ''}, with all four corners in view.`,
        purpose: 'document',
        video: false,
        fileNoun: 'photo',
      },
      { title: 'Check your photo', alt: `Your photo of the ${side} of the ${doc.noun}`, video: false, fileNoun: 'photo' },
      (c) => api.uploadDocument(c.blob, c.fileName, type, side),
    );
    data[`document_${side}`] = { id: media.id, type, side };
  }
}

async function faceStep(ui, api, step, data) {
  const video = step.variant !== 'standard';
  const media = await captureUntilUploaded(
    ui,
    {
      title: step.variant === 'standard' ? 'Take a selfie' : step.variant === 'video' ? 'Record a video selfie' : 'Record a motion capture',
      instructions: video
        ? 'Look at the camera, start recording, turn your head slowly to each side, then stop recording.'
        : 'Look straight at the camera, with your whole face in view and nothing covering it.',
      purpose: 'face',
      video,
      fileNoun: video ? 'video' : 'photo',
    },
    { title: video ? 'Check your video' : 'Check your photo', alt: video ? 'Your video selfie' : 'Your selfie', video, fileNoun: video ? 'video' : 'photo' },
    (c) => api.uploadFace(step.variant, c.blob, c.fileName),
  );
  data.face = { id: media.id, variant: step.variant };
}

/** Runs every step; resolves with the onComplete data, rejects with an SdkFailure or Stopped. */
export async function runFlow(ui, api, { steps, workflowRunId }) {
  if (workflowRunId) {
    let run;
    try {
      run = await api.getWorkflowRun(workflowRunId);
    } catch (failure) {
      if (failure.kind === 'not_found') throw new SdkFailure('exception', 'The workflow run was not found for this token.');
      throw failure;
    }
    if (run.status !== 'awaiting_input') throw new SdkFailure('exception', `The workflow run is ${run.status}, not awaiting input.`);
  }
  const data = {};
  for (const step of steps) {
    if (step.type === 'document') await documentStep(ui, api, step, data);
    else await faceStep(ui, api, step, data);
  }
  if (workflowRunId) {
    ui.say('Submitting…');
    await api.completeWorkflowRun(workflowRunId);
  }
  return data;
}
