// Field types more than one provider's schemas use.
import { z } from 'zod';

export const httpUrl = z.url({ protocol: /^https?$/, message: 'Expected an http(s) URL.' }).max(2048);
