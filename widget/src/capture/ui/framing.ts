// The framing guide: one geometry for what the person sees over the preview (an SVG in the
// video's own coordinates) and for the region the quality checks measure, so "fill the frame"
// means the same to both. DOM-free.
import { documentGuide, ID1_ASPECT, ID3_ASPECT, type CaptureKind, type Guide } from '../quality.js';
import type { DocumentType, Side } from './machine.js';

export type GuideShape = 'card' | 'passport' | 'face';

export function shapeFor(side: Side, document_type: DocumentType): GuideShape {
  if (side === 'selfie') return 'face';
  return document_type === 'passport' ? 'passport' : 'card';
}

export const kindOf = (shape: GuideShape): CaptureKind => (shape === 'face' ? 'face' : 'document');

/** Height of the face oval against the frame's, and its width against its height (a head's proportions). */
const FACE_HEIGHT = 0.7;
const FACE_ASPECT = 0.78;

/** The guide in fractions of a `width`×`height` frame. */
export function guideFor(shape: GuideShape, width: number, height: number): Guide {
  if (shape !== 'face') return documentGuide(width, height, shape === 'passport' ? ID3_ASPECT : ID1_ASPECT);
  let h = height * FACE_HEIGHT;
  let w = h * FACE_ASPECT;
  if (w > width * 0.8) {
    w = width * 0.8;
    h = w / FACE_ASPECT;
  }
  return { x: (width - w) / 2 / width, y: (height - h) / 2 / height, width: w / width, height: h / height };
}

export interface GuidePaths {
  /** The frame minus the guide (fill-rule evenodd): dims what lies outside it. */
  mask: string;
  /** The guide's outline. */
  outline: string;
}

const n = (v: number) => Math.round(v * 10) / 10;

/** SVG paths in a `width`×`height` viewBox (the video's pixels), as attributes: no inline style needed. */
export function guidePaths(shape: GuideShape, width: number, height: number): GuidePaths {
  const g = guideFor(shape, width, height);
  const x = g.x * width, y = g.y * height, w = g.width * width, h = g.height * height;
  let outline: string;
  if (shape === 'face') {
    const rx = w / 2, ry = h / 2;
    outline = `M${n(x)} ${n(y + ry)}a${n(rx)} ${n(ry)} 0 1 0 ${n(w)} 0a${n(rx)} ${n(ry)} 0 1 0 ${n(-w)} 0Z`;
  } else {
    // Corners rounded like a card's (3.18 mm on 85.6 mm).
    const r = w * 0.037;
    outline =
      `M${n(x + r)} ${n(y)}h${n(w - 2 * r)}a${n(r)} ${n(r)} 0 0 1 ${n(r)} ${n(r)}v${n(h - 2 * r)}` +
      `a${n(r)} ${n(r)} 0 0 1 ${n(-r)} ${n(r)}h${n(-(w - 2 * r))}a${n(r)} ${n(r)} 0 0 1 ${n(-r)} ${n(-r)}` +
      `v${n(-(h - 2 * r))}a${n(r)} ${n(r)} 0 0 1 ${n(r)} ${n(-r)}Z`;
  }
  return { mask: `M0 0H${width}V${height}H0Z${outline}`, outline };
}
