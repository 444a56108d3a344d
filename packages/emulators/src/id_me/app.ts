// The ID.me emulator: one Hono app standing in for https://api.idmelabs.com (OIDC discovery,
// authorization with its sign-in page, token, userinfo, JWKS; attributes.json, policies and the
// Document Passback API), on panva's oidc-provider through the shared OIDC base, plus its controls.
import { randomBytes } from 'node:crypto';
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../shared/kit.js';
import { createOidcCore, generateRs256SigningJwk, mountOidcControls, OIDC_REDACT_KEYS, type OidcControls } from '../shared/oidc/index.js';
import { SingleUseAccessTokens } from './access-tokens.js';
import { mountRestApi } from './attributes.js';
import { DOCUMENT_TOKEN_TTL_SECONDS, DocumentStore } from './documents.js';
import { checkConsumers, DEFAULT_CONSUMER, type IdMeConsumer } from './keys.js';
import { mountPassback } from './passback.js';
import { ID_ME_TEST_PEOPLE, type TestPerson } from './people.js';
import { describeRequest, finishIdMeSignIn, ID_ME_PATHS, idMeClients, idMeConfiguration } from './provider.js';
import { Verifications } from './verifications.js';

export interface IdMeEmulatorOptions {
  clock?: EmulatorClock;
  /** The account's consumers (default: the sandbox consumer, passback on). */
  consumers?: readonly IdMeConsumer[];
  /** The emulator's base URL when it differs from what requests show (a proxy); issuer = this + "/oidc". */
  publicUrl?: string;
  /** Redirect URIs registered from the start (more with controls.addRedirectUri). */
  redirectUris?: readonly string[];
  /** How long a document token works (default 900 s, our assumption). */
  documentTokenTtlSeconds?: number;
}

export interface IdMeControls extends EmulatorControls, OidcControls {}
export type IdMeEmulator = Emulator<IdMeControls>;

/** Personal values in attributes and userinfo, and the passback document tokens, stay out of the request log. */
const REDACT = [...OIDC_REDACT_KEYS, 'value', 'uuid', 'email', 'fname', 'lname', 'birth_date', 'street', 'city', 'state', 'zip'];

export function createIdMeEmulator(options: IdMeEmulatorOptions = {}): IdMeEmulator {
  const consumers = options.consumers ?? [DEFAULT_CONSUMER];
  checkConsumers(consumers);
  const ttl = options.documentTokenTtlSeconds ?? DOCUMENT_TOKEN_TTL_SECONDS;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new TypeError('id_me emulator: documentTokenTtlSeconds takes a number of seconds > 0.');
  const clock = options.clock ?? createClock();
  const documents = new DocumentStore(clock, ttl);
  const verifications = new Verifications(clock, documents);
  // The id_token signing key lives as long as the emulator, so its JWKS survives reset().
  const signingKey = generateRs256SigningJwk();
  const cookieKey = randomBytes(32).toString('base64url');

  const core = createOidcCore<TestPerson>({
    providerName: 'ID.me',
    personas: ID_ME_TEST_PEOPLE,
    clock,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.redirectUris ? { redirectUris: options.redirectUris } : {}),
    issuer: (origin) => `${origin}/oidc`,
    configuration: () => idMeConfiguration({ signingKey, cookieKey, verifications }),
    clients: (redirectUris) => idMeClients(consumers, redirectUris),
    finish: (input) => finishIdMeSignIn(verifications, consumers, input),
    describe: describeRequest,
  });
  const accessTokens = new SingleUseAccessTokens(core, verifications);
  const { app, controls: base } = createEmulatorKit({
    name: 'id_me',
    redactKeys: REDACT,
    clock,
    onReset: () => {
      core.reset();
      documents.clear();
      verifications.clear();
      accessTokens.clear();
    },
  });

  // oidc-provider serves discovery at its mount root; ID.me's issuer is <origin>/oidc, whose
  // discovery URL openid-client derives, so the same document answers there too.
  app.get(ID_ME_PATHS.issuerDiscovery, (c) => {
    const url = new URL(c.req.url);
    url.pathname = ID_ME_PATHS.discovery;
    return core.forward(new Request(url, { headers: c.req.raw.headers }));
  });
  mountRestApi(app, { documents, consumers, spendAccessToken: (value, url) => accessTokens.spend(value, url) });
  mountPassback(app, { documents, consumers });
  accessTokens.guardUserinfo(app);
  mountOidcControls(app, 'id_me', core);
  core.mount(app);

  const controls: IdMeControls = { ...base, signIn: core.signIn, addRedirectUri: core.addRedirectUri, redirectUris: core.redirectUris };
  return { name: 'id_me', app, controls, fetch: inProcessFetch(app) };
}
