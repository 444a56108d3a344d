// The emulator driven by Yoti's own Node SDK (yoti@4.13.2) and sandbox client
// (@getyoti/sdk-sandbox@1.7.0), over a socket as in production: a right-to-work identity profile
// session created, configured, completed in the user view, read back with its checks, resources
// and identity profile report (media), then its media and the session deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvancedIdentityProfileBuilder,
  AdvancedIdentityProfileRequirementsBuilder,
  AdvancedIdentityProfileSchemeBuilder,
  IDVClient,
  NotificationConfigBuilder,
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedLivenessCheckBuilder,
  SdkConfigBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { YOTI_SANDBOX_API_BASE } from './index.js';
import { serveYoti, yotiSandbox, type ServedYoti } from './testing.js';

let yoti: ServedYoti;
let idv: IDVClient;
let sandbox: ReturnType<InstanceType<ReturnType<typeof yotiSandbox>['SandboxIDVClientBuilder']>['build']>;
const S = yotiSandbox();

beforeAll(async () => {
  yoti = await serveYoti();
  const { sdkId, privateKeyPem } = yoti.emulator.controls.app;
  idv = new IDVClient(sdkId, privateKeyPem, { apiUrl: `${yoti.url}/idverify/v1` });
  sandbox = new S.SandboxIDVClientBuilder().withClientSdkId(sdkId).withPemString(privateKeyPem).withSandboxUrl(`${yoti.url}${YOTI_SANDBOX_API_BASE}`).build();
});
afterAll(() => yoti.close());

function rtwSession() {
  return new SessionSpecificationBuilder()
    .withClientSessionTokenTtl(900)
    .withResourcesTtl(900 + 86_400)
    .withUserTrackingId('att_123')
    .withSubject({ subject_id: 'subject-att_123' })
    .withIdentityProfileRequirements({ trust_framework: 'UK_TFIDA', scheme: { type: 'RTW' } })
    .withNotifications(new NotificationConfigBuilder().withEndpoint('https://bff.example/v1/providers/yoti/webhook').withAuthToken('user:pass').withAuthTypeBasic().forSessionCompletion().build())
    .withSdkConfig(new SdkConfigBuilder().withAllowsCamera().withPresetIssuingCountry('GBR').build())
    .build();
}

describe('a right-to-work identity profile session through the official SDK', () => {
  it('is created, read before the user acts, completed as verified, and certifies RTW with a report', async () => {
    const created = await idv.createSession(rtwSession());
    expect(created.getClientSessionTokenTtl()).toBe(900);
    expect(created.getSessionId()).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.getClientSessionToken()).toMatch(/^[0-9a-f-]{36}$/);
    const id = created.getSessionId();

    const before = await idv.getSession(id);
    expect(before.getState()).toBe('ONGOING');
    expect(before.getUserTrackingId()).toBe('att_123');
    expect(before.getIdentityProfile().getResult()).toBe('IN_PROGRESS');
    expect(before.getChecks().map((c) => c.getState())).toEqual(['CREATED', 'CREATED', 'CREATED', 'CREATED']);

    expect(yoti.emulator.controls.complete(id, { person: 'amelia' })).toEqual({ eventType: 'SUCCESS' });

    const after = await idv.getSession(id);
    expect(after.getState()).toBe('COMPLETED');
    expect(after.getClientSessionToken()).toBeUndefined();
    expect(after.getAuthenticityChecks()[0]!.getReport().getRecommendation().getValue()).toBe('APPROVE');
    expect(after.getLivenessChecks()).toHaveLength(1);
    expect(after.getFaceMatchChecks()[0]!.getResourcesUsed()).toHaveLength(2);
    const [document] = after.getResources().getIdDocuments();
    expect(document!.getDocumentType()).toBe('PASSPORT');
    expect(document!.getIssuingCountry()).toBe('GBR');
    expect(after.getResources().getLivenessCapture()).toHaveLength(1);

    const profile = after.getIdentityProfile();
    expect(profile.getResult()).toBe('DONE');
    expect(profile.getSubjectId()).toBe('subject-att_123');
    const report = profile.getIdentityProfileReport()!;
    expect(report.getTrustFramework()).toBe('UK_TFIDA');
    expect(report.getSchemesCompliance()[0]!.getScheme().getType()).toBe('RTW');
    expect(report.getSchemesCompliance()[0]!.isRequirementsMet()).toBe(true);

    const media = (await idv.getMediaContent(id, report.getMedia().getId()))!;
    expect(media.getMimeType()).toBe('application/json');
    const body = JSON.parse(media.getContent().toString('utf8'));
    expect(body.identity_assertion).toMatchObject({ current_name: { given_names: 'Amelia Grace', family_name: 'Sandford' }, date_of_birth: '1988-04-12' });
    expect(body.verification_report).toMatchObject({
      trust_framework: 'UK_TFIDA',
      subject_id: 'subject-att_123',
      schemes_compliance: [{ requirements_met: true, scheme: { type: 'RTW' } }],
      assurance_process: { level_of_assurance: 'MEDIUM', policy: 'GPG45' },
    });
    expect(body.verification_report.evidence.documents[0].passed_checks).toContainEqual({ check: 'AUTOMATED_FACE_MATCH' });
    expect(body.verification_report.evidence.face.initial_liveness.type).toBe('STATIC');
    expect(body.verification_report.authentication_report).toMatchObject({ policy: 'GPG44', trust_framework: 'UK_TFIDA' });

    const page = document!.getPages()[0]!.getMedia();
    const image = (await idv.getMediaContent(id, page.getId()))!;
    expect(image.getMimeType()).toBe('image/jpeg');
    expect([...image.getContent().subarray(0, 2)]).toEqual([0xff, 0xd8]);
    await idv.deleteMediaContent(id, page.getId());
    await expect(idv.getMediaContent(id, page.getId())).rejects.toThrow('MEDIA_NOT_FOUND - Media not found');

    await idv.deleteSession(id);
    const gone = await idv.getSession(id).catch((e) => e);
    expect(gone.getResponseStatusCode()).toBe(404);
    expect(gone.getResponseBody()).toEqual({ code: 'SESSION_NOT_FOUND', message: 'Session not found' });
  });

  it('follows the sandbox response configuration: a rejected document fails the profile with Yoti\'s reason', async () => {
    const id = (await idv.createSession(rtwSession())).getSessionId();
    const recommendation = new S.SandboxRecommendationBuilder().withValue('REJECT').withReason('COUNTERFEIT').build();
    const breakdown = new S.SandboxBreakdownBuilder().withSubCheck('no_sign_of_forgery').withResult('FAIL').withDetail('reason', 'hologram').build();
    const reports = new S.SandboxCheckReportsBuilder()
      .withDocumentAuthenticityCheck(new S.SandboxDocumentAuthenticityCheckBuilder().withRecommendation(recommendation).withBreakdown(breakdown).build())
      .build();
    await sandbox.configureSessionResponse(id, new S.SandboxResponseConfigBuilder().withCheckReports(reports).build());

    yoti.emulator.controls.complete(id, { person: 'oliver' });
    const result = await idv.getSession(id);
    const authenticity = result.getAuthenticityChecks()[0]!.getReport();
    expect(authenticity.getRecommendation().getValue()).toBe('REJECT');
    expect(authenticity.getRecommendation().getReason()).toBe('COUNTERFEIT');
    expect(authenticity.getBreakdown()[0]!.getDetails()[0]!.getValue()).toBe('hologram');
    expect(result.getLivenessChecks()[0]!.getReport().getRecommendation().getValue()).toBe('APPROVE');

    const profile = result.getIdentityProfile()!;
    expect(profile.getResult()).toBe('FAIL');
    expect(profile.getIdentityProfileReport()).toBeUndefined();
    expect(profile.getFailureReason()!.getReasonCode()).toBe('FRAUD_DETECTED');
    const [detail] = profile.getFailureReason()!.getRequirementsNotMetDetails();
    expect(detail).toMatchObject({ failureType: 'ID_DOCUMENT_AUTHENTICITY', documentType: 'DRIVING_LICENCE', documentCountryIsoCode: 'GBR', details: 'COUNTERFEIT' });
  });

  it('takes an app-wide configuration, and a session without identity profile keeps to its requested checks', async () => {
    const notAvailable = new S.SandboxRecommendationBuilder().withValue('NOT_AVAILABLE').withReason('PHOTO_TOO_BLURRY').build();
    const reports = new S.SandboxCheckReportsBuilder()
      .withDocumentAuthenticityCheck(new S.SandboxDocumentAuthenticityCheckBuilder().withRecommendation(notAvailable).build())
      .build();
    await sandbox.configureApplicationResponse(new S.SandboxResponseConfigBuilder().withCheckReports(reports).build());
    const spec = new SessionSpecificationBuilder()
      .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
      .withRequestedCheck(new RequestedLivenessCheckBuilder().forZoomLiveness().withMaxRetries(3).build())
      .build();
    const id = (await idv.createSession(spec)).getSessionId();
    yoti.emulator.controls.complete(id);
    const result = await idv.getSession(id);
    expect(result.getChecks().map((c) => c.getType()).sort()).toEqual(['ID_DOCUMENT_AUTHENTICITY', 'LIVENESS']);
    expect(result.getAuthenticityChecks()[0]!.getReport().getRecommendation().getValue()).toBe('NOT_AVAILABLE');
    expect(result.getResources().getZoomLivenessResources()).toHaveLength(1);
    expect(result.getIdentityProfile()).toBeUndefined();
    yoti.emulator.controls.setAppResponseConfig({});
  });

  it('answers advanced identity profile requirements with the compliance per trust framework', async () => {
    const requirements = new AdvancedIdentityProfileRequirementsBuilder()
      .withProfile(new AdvancedIdentityProfileBuilder().withTrustFramework('UK_TFIDA').withScheme(new AdvancedIdentityProfileSchemeBuilder().withType('RTW').withLabel('rtw').build()).build())
      .withProfile(new AdvancedIdentityProfileBuilder().withTrustFramework('YOTI_GLOBAL').withScheme(new AdvancedIdentityProfileSchemeBuilder().withType('IDENTITY').withObjective('AL_L1').withLabel('global').build()).build())
      .build();
    const id = (await idv.createSession(new SessionSpecificationBuilder().withAdvancedIdentityProfileRequirements(requirements).build())).getSessionId();
    yoti.emulator.controls.complete(id);
    const profile = (await idv.getSession(id)).getAdvancedIdentityProfile()!;
    expect(profile.getResult()).toBe('DONE');
    const compliance = profile.getIdentityProfileReport()!.getCompliance();
    expect(compliance.map((c) => c.getTrustFramework())).toEqual(['UK_TFIDA', 'YOTI_GLOBAL']);
    expect(compliance[1]!.getSchemesCompliance()[0]!.getScheme().getLabel()).toBe('global');
    const media = (await idv.getMediaContent(id, profile.getIdentityProfileReport()!.getMedia().getId()))!;
    const body = JSON.parse(media.getContent().toString('utf8'));
    expect(body.verification_reports.map((r: { trust_framework: string }) => r.trust_framework)).toEqual(['UK_TFIDA', 'YOTI_GLOBAL']);
    expect(body.verification_reports[1].assurance_process.level_of_assurance).toBe('AL_L1');
    expect(body).not.toHaveProperty('verification_report');
  });

  it('lists the supported documents (a call the SDK signs without an sdkId)', async () => {
    const list = await idv.getSupportedDocuments(false);
    // The SDK types these getters as any.
    const countries = list.getSupportedCountries() as Array<{ getCode(): string; getSupportedDocuments(): Array<{ getType(): string }> }>;
    const gbr = countries.find((c) => c.getCode() === 'GBR')!;
    expect(gbr.getSupportedDocuments().map((d) => d.getType())).toEqual(['DRIVING_LICENCE', 'PASSPORT']);
  });

  it('refuses an invalid specification with PAYLOAD_VALIDATION and one error per property', async () => {
    const spec = new SessionSpecificationBuilder()
      .withClientSessionTokenTtl(120)
      .withResourcesTtl(3600)
      .withIdentityProfileRequirements({ trust_framework: 'UK_TFIDA', scheme: { type: 'DBS' } })
      .build();
    const error = await idv.createSession(spec).catch((e) => e);
    expect(error.getResponseStatusCode()).toBe(400);
    const body = error.getResponseBody() as { code: string; errors: Array<{ property: string }> };
    expect(body.code).toBe('PAYLOAD_VALIDATION');
    expect(body.errors.map((e) => e.property).sort()).toEqual(['client_session_token_ttl', 'identity_profile_requirements.scheme.objective', 'resources_ttl']);
  });
});
