// The fake camera's picture: Chromium plays a Y4M file as the camera (--use-file-for-fake-video-capture).
// Its own default (a flat green frame) compresses to photos smaller than a real camera's: under
// Onfido's 32 KB minimum for a selfie. This frame is a textured scene with an ID-card-shaped
// card in the middle, detailed like a real photo, the same in every run.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';
import { dirname } from 'node:path';

const WIDTH = 1280;
const HEIGHT = 720;

/** A deterministic value in [0, 255] for a pixel: a cheap integer hash, no Math.random. */
const hash = (x: number, y: number) => (Math.imul(x * 374761393 + y * 668265263, 1274126177) >>> 24) & 255;

function frame(): Buffer {
  const y = Buffer.alloc(WIDTH * HEIGHT);
  // The card: ID-1 proportions (85.6 × 54 mm), 70 % of the frame's width, centred.
  const cw = Math.round(WIDTH * 0.7);
  const ch = Math.round(cw / 1.585);
  const cx = (WIDTH - cw) >> 1;
  const cy = (HEIGHT - ch) >> 1;
  for (let row = 0; row < HEIGHT; row++) {
    for (let col = 0; col < WIDTH; col++) {
      const onCard = col >= cx && col < cx + cw && row >= cy && row < cy + ch;
      // Lines of "print" on the card: dark strokes in bands, like text.
      const print = onCard && (row - cy) % 28 < 10 && (col - cx) % 9 < 6 && (col - cx) > 40 && (col - cx) < cw - 40;
      const base = onCard ? (print ? 60 : 190) : 95;
      y[row * WIDTH + col] = Math.max(16, Math.min(235, base + ((hash(col, row) - 128) >> 3)));
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  return Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
}

/** Writes the Y4M (4:2:0, one frame Chromium loops) at `path` once; later calls find it there. */
export function writeFakeCamera(path: string): string {
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F30:1 Ip A1:1 C420jpeg\n`);
  const size = header.length + 6 + WIDTH * HEIGHT * 1.5;
  if (existsSync(path) && statSync(path).size === size) return path;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat([header, frame()]));
  return path;
}

/**
 * How the tests launch Debian's Chromium: a fake camera and microphone granted without a prompt,
 * playing `camera` (a Y4M file), or Chromium's own flat frame when none is given.
 */
export function chromiumWithFakeCamera(camera?: string): LaunchOptions {
  return {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...(camera ? [`--use-file-for-fake-video-capture=${camera}`] : []),
    ],
  };
}
