import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Construct } from 'constructs';
import { identityV3Url } from '../lib/openstack/identity/auth.js';

/**
 * The console's same-origin way to Keystone (browsers cannot call Keystone across origins:
 * it sends no CORS headers). One CloudFront behaviour, `/identity/v3/auth/tokens`, uncached,
 * goes to the cloud's Keystone; a viewer-request function rewrites the path to
 * `<keystone v3 path>/auth/tokens`. Only token issue (POST), read (GET) and revoke (DELETE)
 * are reachable — the same single path `npm start` forwards (local/identity-pass-through.ts).
 */

export const identityPathPattern = '/identity/v3/auth/tokens';

export class IdentityOriginError extends Error {
  override name = 'IdentityOriginError';
}

export const identityBehavior = (scope: Construct, keystoneUrl: string): BehaviorOptions => {
  if (!URL.canParse(keystoneUrl))
    throw new IdentityOriginError(`keystone url ${JSON.stringify(keystoneUrl)} is not a url`);
  const keystone = new URL(identityV3Url(keystoneUrl));
  const https = keystone.protocol === 'https:';
  const port = keystone.port === '' ? undefined : Number(keystone.port);
  const rewrite = new CloudFrontFunction(scope, 'IdentityPath', {
    comment: 'Karbor console: /identity/v3/auth/tokens to Keystone auth/tokens',
    runtime: FunctionRuntime.JS_2_0,
    code: FunctionCode.fromInline(
      "function handler(event) { var request = event.request; request.uri = '/auth/tokens'; return request; }",
    ),
  });
  return {
    origin: new HttpOrigin(keystone.hostname, {
      originPath: keystone.pathname.replace(/\/+$/, ''),
      protocolPolicy: https ? OriginProtocolPolicy.HTTPS_ONLY : OriginProtocolPolicy.HTTP_ONLY,
      ...(port !== undefined && (https ? { httpsPort: port } : { httpPort: port })),
    }),
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
    functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
  };
};
