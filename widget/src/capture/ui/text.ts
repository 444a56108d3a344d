// The capture's own words, English and Spanish, in the capture chunk rather than the core
// catalogue: only people who reach our capture download them. Public error codes are not here:
// they come from the core catalogue (`options.messages.errors`).
import type { CameraProblem, Guidance } from './guidance.js';
import type { DocumentType, PhotoProblem, RetakeCode, Side } from './machine.js';

type Subject = `${Exclude<DocumentType, 'passport'>}_${Exclude<Side, 'selfie'>}` | 'passport_document_front' | 'selfie';

export interface CaptureText {
  lang: string;
  region: string;
  choose_heading: string;
  choose_legend: string;
  documents: Record<DocumentType, string>;
  continue: string;
  cancel: string;
  go_back: string;
  /** What is being photographed, with its article, for headings and the preview's label. */
  subjects: Record<Subject, string>;
  shoot_heading: string;
  selfie_heading: string;
  step: string;
  hint_document: string;
  hint_face: string;
  auto_hint: string;
  camera_label: string;
  take_photo: string;
  file_label: string;
  file_label_only: string;
  camera_retry: string;
  camera_problems: Record<CameraProblem, string>;
  camera_needed: string;
  files_instead: string;
  guidance: Record<Guidance, string>;
  preparing: string;
  photo_problems: Record<PhotoProblem, string>;
  review_heading: string;
  review_hint_document: string;
  review_hint_face: string;
  preview_label: string;
  use_photo: string;
  retake: string;
  upload_heading: string;
  /** Why a photo sent was refused, for the codes that ask for another photo (a selfie's own words for image_rejected). */
  refused: Record<RetakeCode | 'image_rejected_selfie', string>;
  uploading: string;
  retry: string;
  done_heading: string;
  done_status: string;
}

const en: CaptureText = {
  lang: 'en',
  region: 'Photos for your verification',
  choose_heading: 'Choose your document',
  choose_legend: 'Which document will you photograph?',
  documents: { passport: 'Passport', driving_licence: 'Driving licence', national_identity_card: 'National identity card' },
  continue: 'Continue',
  cancel: 'Cancel',
  go_back: 'Go back',
  subjects: {
    passport_document_front: 'the photo page of your passport',
    driving_licence_document_front: 'the front of your driving licence',
    driving_licence_document_back: 'the back of your driving licence',
    national_identity_card_document_front: 'the front of your identity card',
    national_identity_card_document_back: 'the back of your identity card',
    selfie: 'your face',
  },
  shoot_heading: 'Photograph {subject}',
  selfie_heading: 'Take a selfie',
  step: 'Photo {n} of {total}',
  hint_document: 'Lay the document on a plain, dark surface in good light and fit it inside the frame.',
  hint_face: 'Look at the camera with your face inside the oval. Take off glasses or a hat if you can.',
  auto_hint: 'The photo is taken by itself when the picture is sharp and steady, or select “Take photo”.',
  camera_label: 'Camera preview',
  take_photo: 'Take photo',
  file_label: 'Or choose a photo from your device',
  file_label_only: 'Choose a photo from your device',
  camera_retry: 'Try the camera again',
  camera_problems: {
    denied: 'Camera access was refused. Allow the camera in your browser’s settings and try again.',
    missing: 'No camera was found on this device.',
    unavailable: 'The camera could not be started. Close other apps that may be using it and try again.',
  },
  camera_needed: 'This check needs a camera. Go back to choose another way to verify, or continue on a device with a camera.',
  files_instead: 'You can choose a photo from your device instead.',
  guidance: {
    starting: 'Starting the camera…',
    too_far: 'Move closer so the document fills the frame',
    glare: 'Glare: tilt the document away from the light',
    blurry: 'Hold still: the picture is blurry',
    too_dark: 'Too dark: find more light',
    too_bright: 'Too bright: move away from direct light',
    hold_still: 'Hold still…',
    good: 'Looks good',
  },
  preparing: 'Preparing your photo…',
  photo_problems: {
    unsupported_format: 'This photo format is not supported; choose a JPEG or PNG photo',
    undecodable: 'This file could not be read as a photo; choose another one',
    too_large: 'This photo is too large to send; take or choose another one',
    too_small: 'This photo has too little detail to be accepted; take another in good light, filling the frame',
    capture_failed: 'The photo could not be taken. Please try again.',
  },
  review_heading: 'Check your photo',
  review_hint_document: 'Make sure every detail is readable, with no glare or blur, and the whole document is in the picture.',
  review_hint_face: 'Make sure your whole face is visible and sharp.',
  preview_label: 'Your photo: {subject}',
  use_photo: 'Use this photo',
  retake: 'Retake',
  upload_heading: 'Sending your photo',
  refused: {
    image_rejected: 'This photo of your document was not accepted. Take another with the whole document in the frame, readable, without glare or blur.',
    image_rejected_selfie: 'Your selfie was not accepted. Take another with your whole face in the oval, sharp and well lit.',
    image_too_small: 'This photo has too little detail to be accepted. Take another in good light, filling the frame.',
    payload_too_large: 'This photo is larger than can be accepted. Take another one.',
  },
  uploading: 'Uploading… {percent}',
  retry: 'Try again',
  done_heading: 'Photos sent',
  done_status: 'All your photos were sent.',
};

const es: CaptureText = {
  lang: 'es',
  region: 'Fotos para tu verificación',
  choose_heading: 'Elige tu documento',
  choose_legend: '¿Qué documento vas a fotografiar?',
  documents: { passport: 'Pasaporte', driving_licence: 'Permiso de conducir', national_identity_card: 'Documento nacional de identidad' },
  continue: 'Continuar',
  cancel: 'Cancelar',
  go_back: 'Volver',
  subjects: {
    passport_document_front: 'la página de datos de tu pasaporte',
    driving_licence_document_front: 'el anverso de tu permiso de conducir',
    driving_licence_document_back: 'el reverso de tu permiso de conducir',
    national_identity_card_document_front: 'el anverso de tu documento de identidad',
    national_identity_card_document_back: 'el reverso de tu documento de identidad',
    selfie: 'tu cara',
  },
  shoot_heading: 'Fotografía {subject}',
  selfie_heading: 'Hazte un selfi',
  step: 'Foto {n} de {total}',
  hint_document: 'Coloca el documento sobre una superficie lisa y oscura, con buena luz, dentro del marco.',
  hint_face: 'Mira a la cámara con la cara dentro del óvalo. Quítate las gafas o el sombrero si puedes.',
  auto_hint: 'La foto se hace sola cuando la imagen está nítida y estable, o selecciona «Hacer foto».',
  camera_label: 'Vista previa de la cámara',
  take_photo: 'Hacer foto',
  file_label: 'O elige una foto de tu dispositivo',
  file_label_only: 'Elige una foto de tu dispositivo',
  camera_retry: 'Probar la cámara de nuevo',
  camera_problems: {
    denied: 'Se denegó el acceso a la cámara. Permite la cámara en los ajustes del navegador y vuelve a intentarlo.',
    missing: 'No se encontró ninguna cámara en este dispositivo.',
    unavailable: 'No se pudo iniciar la cámara. Cierra otras aplicaciones que puedan estar usándola y vuelve a intentarlo.',
  },
  camera_needed: 'Esta comprobación necesita una cámara. Vuelve para elegir otra forma de verificarte o continúa en un dispositivo con cámara.',
  files_instead: 'Puedes elegir una foto de tu dispositivo en su lugar.',
  guidance: {
    starting: 'Iniciando la cámara…',
    too_far: 'Acércate para que el documento llene el marco',
    glare: 'Reflejos: inclina el documento para apartarlo de la luz',
    blurry: 'No te muevas: la imagen está borrosa',
    too_dark: 'Demasiado oscuro: busca más luz',
    too_bright: 'Demasiado claro: apártate de la luz directa',
    hold_still: 'No te muevas…',
    good: 'Se ve bien',
  },
  preparing: 'Preparando tu foto…',
  photo_problems: {
    unsupported_format: 'Este formato de foto no es compatible; elige una foto JPEG o PNG',
    undecodable: 'Este archivo no se pudo leer como foto; elige otro',
    too_large: 'Esta foto es demasiado grande para enviarla; haz o elige otra',
    too_small: 'Esta foto tiene muy poco detalle para ser aceptada; haz otra con buena luz, llenando el marco',
    capture_failed: 'No se pudo hacer la foto. Vuelve a intentarlo.',
  },
  review_heading: 'Revisa tu foto',
  review_hint_document: 'Comprueba que todos los datos se leen, sin reflejos ni desenfoque, y que el documento sale entero.',
  review_hint_face: 'Comprueba que tu cara se ve entera y nítida.',
  preview_label: 'Tu foto: {subject}',
  use_photo: 'Usar esta foto',
  retake: 'Repetir',
  upload_heading: 'Enviando tu foto',
  refused: {
    image_rejected: 'Esta foto de tu documento no fue aceptada. Haz otra con el documento entero en el marco, legible, sin reflejos ni desenfoque.',
    image_rejected_selfie: 'Tu selfi no fue aceptado. Haz otro con toda la cara dentro del óvalo, nítida y bien iluminada.',
    image_too_small: 'Esta foto tiene muy poco detalle para ser aceptada. Haz otra con buena luz, llenando el marco.',
    payload_too_large: 'Esta foto es más grande de lo que se puede aceptar. Haz otra.',
  },
  uploading: 'Subiendo… {percent}',
  retry: 'Reintentar',
  done_heading: 'Fotos enviadas',
  done_status: 'Se enviaron todas tus fotos.',
};

/** The words for the widget's language (`messages.lang`), English for any other. */
export function captureText(lang: string): CaptureText {
  return lang === 'es' ? es : en;
}

export function subjectOf(side: Side, document_type: DocumentType): Subject {
  return side === 'selfie' ? 'selfie' : (`${document_type}_${side}` as Subject);
}


/** Fills `{name}` placeholders. The core's `format` would do, but importing it would add to the core's exports. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}
