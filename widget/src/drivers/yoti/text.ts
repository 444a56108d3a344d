// The Yoti driver's words in English and Spanish (the widget's catalogues): the frame's title and
// what to do after each of Yoti's errors. Carried by this chunk, not by the widget's catalogue.
import type { RetryReason, StopReason } from './messages.js';

export interface YotiText {
  lang: 'en' | 'es';
  frame_title: string;
  try_again: string;
  reasons: Record<RetryReason | StopReason, string>;
}

const en: YotiText = {
  lang: 'en',
  frame_title: 'Yoti identity verification',
  try_again: 'Try again',
  reasons: {
    cancelled: 'The verification with Yoti was stopped before it was finished. Select Try again to continue.',
    unavailable: "Yoti's service is not available at the moment. Please try again in a few minutes.",
    offline: 'Your device seems to be offline. Check your internet connection, then select Try again.',
    camera_denied:
      "Yoti needs your camera, and access to it was refused. To allow it, select the camera or site settings icon in your browser's address bar and choose Allow. On a phone, also check that your browser may use the camera in the phone's settings. Then select Try again.",
    liveness_tries: 'The face check did not succeed. Make sure your face is well lit and fully in view, then select Try again.',
    no_camera: 'Yoti needs a camera, and none could be used on this device. Please use a device with a camera, or go back and choose another way to verify.',
    camera_quality: "This device's camera is not sharp enough for Yoti. Please use another device, or go back and choose another way to verify.",
    browser: "This browser cannot run Yoti's face check. Please use an up-to-date Chrome, Edge, Firefox or Safari, or go back and choose another way to verify.",
    ios_browser: 'On an iPhone or iPad, Yoti can use the camera only in Safari. Please open this page in Safari, or go back and choose another way to verify.',
    no_documents: 'This check needs an identity document that Yoti accepts. Please go back and choose another way to verify.',
    unexpected: 'Yoti could not continue because of a problem on its side. Please go back and choose another way to verify, or try again later.',
  },
};

const es: YotiText = {
  lang: 'es',
  frame_title: 'Verificación de identidad de Yoti',
  try_again: 'Volver a intentarlo',
  reasons: {
    cancelled: 'La verificación con Yoti se detuvo antes de terminar. Selecciona Volver a intentarlo para continuar.',
    unavailable: 'El servicio de Yoti no está disponible en este momento. Vuelve a intentarlo en unos minutos.',
    offline: 'Parece que tu dispositivo no tiene conexión. Comprueba tu conexión a internet y selecciona Volver a intentarlo.',
    camera_denied:
      'Yoti necesita tu cámara y se denegó el acceso. Para permitirlo, selecciona el icono de la cámara o de configuración del sitio en la barra de direcciones del navegador y elige Permitir. En un teléfono, comprueba también en los ajustes que el navegador puede usar la cámara. Después, selecciona Volver a intentarlo.',
    liveness_tries: 'La comprobación del rostro no salió bien. Asegúrate de que tu cara esté bien iluminada y se vea entera, y selecciona Volver a intentarlo.',
    no_camera: 'Yoti necesita una cámara y no se pudo usar ninguna en este dispositivo. Usa un dispositivo con cámara o vuelve atrás y elige otra forma de verificarte.',
    camera_quality: 'La cámara de este dispositivo no es lo bastante nítida para Yoti. Usa otro dispositivo o vuelve atrás y elige otra forma de verificarte.',
    browser: 'Este navegador no puede hacer la comprobación del rostro de Yoti. Usa una versión reciente de Chrome, Edge, Firefox o Safari, o vuelve atrás y elige otra forma de verificarte.',
    ios_browser: 'En un iPhone o iPad, Yoti solo puede usar la cámara en Safari. Abre esta página en Safari o vuelve atrás y elige otra forma de verificarte.',
    no_documents: 'Esta comprobación necesita un documento de identidad que Yoti acepte. Vuelve atrás y elige otra forma de verificarte.',
    unexpected: 'Yoti no pudo continuar por un problema de su parte. Vuelve atrás y elige otra forma de verificarte, o inténtalo más tarde.',
  },
};

/** Spanish for a Spanish widget, English for any other language. */
export function yotiText(language: string): YotiText {
  return /^es(-|$)/i.test(language) ? es : en;
}
