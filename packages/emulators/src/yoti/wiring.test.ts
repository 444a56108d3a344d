// The wiring hands the BFF what it needs to reach this emulator as it would reach Yoti: the IDV
// base, the SDK id and the app's key (one line, `\n` escaped) that the emulator it creates accepts,
// the user view's URL, and the notification token; the page frames only the emulator's origin.
import { describe, expect, it } from 'vitest';
import { RequestBuilder } from 'yoti';
import { yotiWiring, YOTI_WEBHOOK_PATH } from './wiring.js';

const at = { url: 'http://127.0.0.1:40123', urlOf: () => 'http://127.0.0.1:40123' };

describe('the Yoti wiring', () => {
  it('gives the BFF its settings, a key the emulator it creates accepts', async () => {
    const env = yotiWiring.bffEnv(at);
    expect(env).toMatchObject({
      YOTI_API_URL: 'http://127.0.0.1:40123/idverify/v1',
      YOTI_WEB_URL: 'http://127.0.0.1:40123/idverify/v1/web/index.html',
    });
    expect(env.YOTI_PEM).not.toContain('\n');
    expect(Object.keys(yotiWiring.secrets).sort()).toEqual(['YOTI_NOTIFICATION_TOKEN', 'YOTI_PEM']);

    const emulator = yotiWiring.create();
    const request = new RequestBuilder()
      .withBaseUrl(env.YOTI_API_URL!)
      .withPemString(env.YOTI_PEM!.replace(/\\n/g, '\n'))
      .withEndpoint('/sessions/unknown')
      .withQueryParam('sdkId', env.YOTI_SDK_ID!)
      .withGet()
      .build();
    const res = await emulator.fetch(request.getUrl(), { headers: request.getHeaders() });
    // Past the signature check: the session is unknown, not the caller.
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });

  it('lets the page frame the emulator, and names the BFF webhook', () => {
    expect(yotiWiring.page(at)).toEqual({ scripts: ['http://127.0.0.1:40123'], connect: [] });
    const connected = yotiWiring.connect!({ ...at, bffUrl: 'http://127.0.0.1:39999', controls: yotiWiring.create().controls });
    expect(connected.webhooks).toEqual([`http://127.0.0.1:39999${YOTI_WEBHOOK_PATH}`]);
  });
});
