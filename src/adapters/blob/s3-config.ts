import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { SealpostError } from '../../core/errors.ts';

/** Where the S3 store lives, parsed from `STORAGE_URL`. */
export interface S3Location {
  bucket: string;
  /** Object names start with this (`''` or ending in `/`), so one bucket can hold several installations. */
  prefix: string;
  client: S3ClientConfig;
}

const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_PATTERN = /^(?:[A-Za-z0-9_-]+\/)*$/;
const KNOWN_PARAMS = new Set(['endpoint', 'region', 'prefix', 'pathStyle']);
export const CONNECT_TIMEOUT_MS = 5000;

function invalid(reason: string): SealpostError {
  // Never echo the URL itself: it may carry the secret key.
  return new SealpostError('SP_ERR_CONFIG_INVALID', { message: `STORAGE_URL: ${reason}`, details: { setting: 'STORAGE_URL', reason } });
}

/**
 * Parses `s3://[ACCESS_KEY:SECRET@]bucket[/prefix/]?endpoint=https://…&region=…[&pathStyle=false]`.
 * Credentials come from the URL's userinfo or else from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`
 * (without either, the SDK's default chain: instance roles, shared files). Path-style addressing by
 * default (RGW, MinIO and Garage need no DNS per bucket). Checksums are computed only when an operation
 * requires them: the SDK's default (a CRC on every streamed upload, sent as an aws-chunked trailer) is not
 * understood by Ceph RGW before Squid and by several other S3-compatible stores.
 */
export function parseStorageUrl(url: string, env: Record<string, string | undefined> = {}): S3Location {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('not a URL');
  }
  if (parsed.protocol !== 's3:') throw invalid('must start with s3://');
  const bucket = parsed.hostname;
  if (!BUCKET_PATTERN.test(bucket)) throw invalid('the bucket name must be 3–63 lower-case letters, digits, dots or hyphens');
  const prefix = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (prefix !== '' && !PREFIX_PATTERN.test(prefix)) throw invalid('the path (object prefix) must be segments of [A-Za-z0-9_-] ending in /');
  for (const name of parsed.searchParams.keys()) if (!KNOWN_PARAMS.has(name)) throw invalid(`unknown parameter ${name}`);

  const endpoint = parsed.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(endpoint)) throw invalid('endpoint must be an http(s) origin such as https://s3.example.org');
  const region = parsed.searchParams.get('region') ?? env.AWS_REGION ?? 'us-east-1';
  const pathStyle = parsed.searchParams.get('pathStyle');
  if (pathStyle !== null && pathStyle !== 'true' && pathStyle !== 'false') throw invalid('pathStyle must be true or false');

  const client: S3ClientConfig = {
    region,
    forcePathStyle: pathStyle !== 'false',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Fail fast when the store is unreachable (every client: blobs, keys, upload staging, older stores). No idle
    // timeout on sockets: a download to a slow recipient pauses reading from S3 for as long as their line needs.
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS },
    ...(endpoint ? { endpoint } : {}),
  };
  const credentials = credentialsOf(parsed, env);
  if (credentials) client.credentials = credentials;
  return { bucket, prefix, client };
}

function credentialsOf(parsed: URL, env: Record<string, string | undefined>): { accessKeyId: string; secretAccessKey: string } | undefined {
  if (parsed.username || parsed.password) {
    if (!parsed.username || !parsed.password) throw invalid('give both access key and secret in the URL, or neither');
    return { accessKeyId: decodeURIComponent(parsed.username), secretAccessKey: decodeURIComponent(parsed.password) };
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  return undefined;
}
