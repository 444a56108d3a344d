// Collected images and how they are read: /v1/files (the File objects), /v1/file_links (short-lived
// public links; for identity files at most 30 s and only with a restricted key), the download
// behind a link (/links/…), the authenticated contents (/v1/files/:id/contents), and /v1/events.
import type { Hono } from 'hono';
import { honoPath, newRequestId, paginate, stripeJson, stripeRoute, type ApiCall, type ApiDeps } from './api.js';
import { errors, StripeApiError } from './errors.js';
import { placeholderImage } from './image.js';
import { authenticate } from './keys.js';
import { IDENTITY_FILE_PURPOSES, newId, randomToken, type FileLinkRecord, type FileRecord, type StripeState } from './model.js';
import { EXPANDABLE, parseExpand, renderEvent, renderFile, renderFileLink, type RenderContext } from './render.js';

export interface FilesApiDeps {
  api: ApiDeps;
  state: StripeState;
  now(): number;
  render(origin: string, credentials: boolean): RenderContext;
}

/** Identity FileLinks must expire within this many seconds (docs: "access-verification-results"). */
export const IDENTITY_FILE_LINK_MAX_SECONDS = 30;

const expandOf = (call: ApiCall) => (call.params.expand as string[] | undefined) ?? [];
const isIdentityFile = (f: FileRecord) => (IDENTITY_FILE_PURPOSES as readonly string[]).includes(f.purpose);

function checkLinkExpiry(file: FileRecord, expiresAt: number | null, now: number): void {
  if (expiresAt !== null && expiresAt <= now) throw errors.expiresInPast();
  if (isIdentityFile(file) && (expiresAt === null || expiresAt - now > IDENTITY_FILE_LINK_MAX_SECONDS)) throw errors.fileLinkTooLong();
}

export function mountFilesApi(app: Hono, d: FilesApiDeps): void {
  const liveFile = (id: string) => {
    const f = d.state.files.get(id);
    return f && !f.deleted ? f : undefined;
  };

  app.get(
    '/v1/files',
    stripeRoute(d.api, 'GET', '/v1/files', (call) => {
      const expand = parseExpand(expandOf(call), EXPANDABLE.file, call.key.kind, true);
      const ctx = d.render(call.origin, false);
      const files = [...d.state.files.values()].filter((f) => !f.deleted && (call.params.purpose === undefined || f.purpose === call.params.purpose));
      return paginate(files, call.params, '/v1/files', 'file upload', (f) => renderFile(f, expand, ctx));
    }),
  );

  app.get(
    '/v1/files/:file',
    stripeRoute(d.api, 'GET', '/v1/files/{file}', (call) => {
      const id = call.c.req.param('file') ?? '';
      const f = liveFile(id);
      if (!f) throw errors.noSuchObject('file upload', id, 'file');
      return renderFile(f, parseExpand(expandOf(call), EXPANDABLE.file, call.key.kind), d.render(call.origin, false));
    }),
  );

  // Not in the API spec (Stripe serves it from files.stripe.com): the bytes, for an API key.
  app.get('/v1/files/:file/contents', (c) => {
    const headers = { 'request-id': newRequestId() };
    try {
      const key = authenticate(c.req.header('authorization'), d.api.keys);
      const id = c.req.param('file');
      const f = liveFile(id);
      if (!f) throw errors.noSuchObject('file upload', id, 'file');
      if (isIdentityFile(f) && key.kind !== 'restricted') throw errors.identityFileNeedsRestrictedKey();
      return imageResponse(f, headers);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      return stripeJson(error.status, { error: error.body }, headers);
    }
  });

  app.post(
    '/v1/file_links',
    stripeRoute(d.api, 'POST', '/v1/file_links', (call) => {
      const p = call.params;
      const expand = parseExpand(expandOf(call), EXPANDABLE.file_link, call.key.kind);
      const f = liveFile(p.file as string);
      if (!f) throw errors.noSuchReference('file upload', p.file as string, 'file');
      if (isIdentityFile(f) && call.key.kind !== 'restricted') throw errors.identityFileNeedsRestrictedKey();
      const expiresAt = (p.expires_at as number | undefined) ?? null;
      checkLinkExpiry(f, expiresAt, d.now());
      const metadata = p.metadata && p.metadata !== '' ? (p.metadata as Record<string, string>) : {};
      const link: FileLinkRecord = {
        seq: d.state.nextSeq(),
        id: newId('link'),
        created: d.now(),
        file: f.id,
        expires_at: expiresAt,
        metadata: Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== '')),
        token: randomToken(48),
      };
      d.state.fileLinks.set(link.id, link);
      return renderFileLink(link, expand, d.render(call.origin, false));
    }),
  );

  app.get(
    '/v1/file_links',
    stripeRoute(d.api, 'GET', '/v1/file_links', (call) => {
      const p = call.params;
      const expand = parseExpand(expandOf(call), EXPANDABLE.file_link, call.key.kind, true);
      const ctx = d.render(call.origin, false);
      const links = [...d.state.fileLinks.values()].filter(
        (l) =>
          (p.file === undefined || l.file === p.file) &&
          (p.expired === undefined || (l.expires_at !== null && l.expires_at <= d.now()) === p.expired),
      );
      return paginate(links, p, '/v1/file_links', 'file link', (l) => renderFileLink(l, expand, ctx));
    }),
  );

  const findLink = (call: ApiCall) => {
    const id = call.c.req.param('link') ?? '';
    const link = d.state.fileLinks.get(id);
    if (!link) throw errors.noSuchObject('file link', id, 'link');
    return link;
  };

  app.get(
    '/v1/file_links/:link',
    stripeRoute(d.api, 'GET', '/v1/file_links/{link}', (call) =>
      renderFileLink(findLink(call), parseExpand(expandOf(call), EXPANDABLE.file_link, call.key.kind), d.render(call.origin, false)),
    ),
  );

  app.post(
    '/v1/file_links/:link',
    stripeRoute(d.api, 'POST', '/v1/file_links/{link}', (call) => {
      const link = findLink(call);
      const expand = parseExpand(expandOf(call), EXPANDABLE.file_link, call.key.kind);
      const p = call.params;
      if (p.expires_at !== undefined) {
        const expiresAt = p.expires_at === 'now' ? d.now() : p.expires_at === '' ? null : (p.expires_at as number);
        const f = d.state.files.get(link.file);
        if (f && p.expires_at !== 'now') checkLinkExpiry(f, expiresAt, d.now());
        link.expires_at = expiresAt;
      }
      if (p.metadata === '') link.metadata = {};
      else if (p.metadata) {
        for (const [k, v] of Object.entries(p.metadata as Record<string, string>)) {
          if (v === '') delete link.metadata[k];
          else link.metadata[k] = v;
        }
      }
      return renderFileLink(link, expand, d.render(call.origin, false));
    }),
  );

  // The public download behind a FileLink's url: no key, valid until expires_at.
  app.get('/links/:token', (c) => {
    const link = d.state.linkByToken(c.req.param('token'));
    const f = link ? liveFile(link.file) : undefined;
    if (!link || !f || (link.expires_at !== null && link.expires_at <= d.now())) {
      return c.text('This link has expired or does not exist.', 404, { 'cache-control': 'no-store' });
    }
    return imageResponse(f, {});
  });

  app.get(
    '/v1/events',
    stripeRoute(d.api, 'GET', '/v1/events', (call) => {
      const p = call.params;
      const types = (p.types as string[] | undefined) ?? (p.type !== undefined ? [p.type as string] : undefined);
      if (p.type !== undefined && p.types !== undefined) throw errors.exclusive(['type', 'types']);
      const matches = (t: string) => !types || types.some((want) => want === t || (want.endsWith('.*') && t.startsWith(want.slice(0, -1))));
      const events = [...d.state.events.values()].filter((e) => matches(e.type));
      return paginate(events, p, '/v1/events', 'event', (e) => renderEvent(e, d.api.apiVersion));
    }),
  );

  app.get(
    '/v1/events/:id',
    stripeRoute(d.api, 'GET', '/v1/events/{id}', (call) => {
      const id = call.c.req.param('id') ?? '';
      const event = d.state.events.get(id);
      if (!event) throw errors.noSuchObject('event', id, 'id');
      parseExpand(expandOf(call), EXPANDABLE.event, call.key.kind);
      return renderEvent(event, d.api.apiVersion);
    }),
  );
}

function imageResponse(f: FileRecord, headers: Record<string, string>): Response {
  const bytes = placeholderImage(f.purpose);
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      ...headers,
      'content-type': 'image/png',
      'content-length': String(bytes.length),
      'content-disposition': `inline; filename="${f.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'cross-origin',
    },
  });
}
