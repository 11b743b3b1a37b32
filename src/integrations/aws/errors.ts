/**
 * Turns AWS SDK errors into the framework's error kinds: throttling → ThrottledError (with Retry-After),
 * 5xx and network failures → TransientError, credential problems → ConnectorError with what to do, and
 * "access denied" → AwsAccessDenied, which the collector records as a warning for that service and region.
 * Messages never carry the secret key or session token: only AWS's own message, which names the key id at most.
 */
import { parseRetryAfter } from "../retry.ts";
import { ConnectorError, ThrottledError, TransientError } from "../types.ts";

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

const THROTTLING = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ProvisionedThroughputExceededException",
]);
const UNKNOWN_KEY = new Set([
  "InvalidClientTokenId",
  "InvalidAccessKeyId",
  "UnrecognizedClientException",
  "AuthFailure",
]);
const BAD_SIGNATURE = new Set(["SignatureDoesNotMatch", "IncompleteSignature", "IncompleteSignatureException"]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired", "RequestExpired"]);
const DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
  "AllAccessDisabled",
]);
/** A region the account has not opted into answers like this. */
const REGION_OFF = new Set(["OptInRequired", "InvalidRegion"]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED"]);

/** The read-only actions the connector calls (also listed in docs/integrations/aws.md). */
export const READ_ACTIONS = [
  "sts:GetCallerIdentity",
  "iam:GetAccountSummary",
  "iam:GetAccountPasswordPolicy",
  "iam:ListUsers",
  "iam:ListMFADevices",
  "iam:GetLoginProfile",
  "iam:ListAccessKeys",
  "cloudtrail:DescribeTrails",
  "cloudtrail:GetTrailStatus",
  "s3:ListAllMyBuckets",
  "s3:GetBucketPublicAccessBlock",
  "s3:GetEncryptionConfiguration",
  "rds:DescribeDBInstances",
  "ec2:GetEbsEncryptionByDefault",
  "ec2:DescribeSecurityGroups",
  "guardduty:ListDetectors",
  "guardduty:GetDetector",
  "kms:ListKeys",
  "kms:DescribeKey",
  "kms:GetKeyRotationStatus",
] as const;

export const PERMISSIONS_GUIDANCE =
  "Attach the AWS-managed SecurityAudit policy (read-only) to the user or role, or a policy allowing: " +
  `${READ_ACTIONS.join(", ")}.`;

/** Access denied (or a region switched off) for one call: the collector warns and carries on. */
export class AwsAccessDenied extends Error {}

const codeOf = (e: SdkError) => e.name ?? e.code ?? "Error";

/** The SDK's error in the framework's terms; `what` says which call it was (e.g. "kms:ListKeys in eu-west-1"). */
export function classifyAwsError(err: unknown, what: string): Error {
  if (err instanceof ConnectorError || err instanceof ThrottledError || err instanceof TransientError) return err;
  const e = (err ?? {}) as SdkError;
  const code = codeOf(e);
  const status = e.$metadata?.httpStatusCode;
  const message = `${what}: ${code}${e.message && e.message !== code ? ` (${e.message})` : ""}`;
  if (THROTTLING.has(code) || status === 429)
    return new ThrottledError(message, parseRetryAfter(e.$response?.headers?.["retry-after"]));
  if (UNKNOWN_KEY.has(code))
    return new ConnectorError(
      `AWS does not recognize the access key id (${code}).`,
      "Check the access key id: it may have been deleted or deactivated, or belong to another partition (GovCloud, China). Create a new access key for the monitoring user and enter it in the connection's secrets.",
    );
  if (BAD_SIGNATURE.has(code))
    return new ConnectorError(
      "AWS rejected the request signature: the secret access key does not match the access key id.",
      "Enter the secret access key that was shown when this access key was created (it cannot be read again; create a new key if it is lost). Check that no spaces were copied with it.",
    );
  if (EXPIRED.has(code))
    return new ConnectorError(
      `The AWS credentials have expired (${code}).`,
      code === "RequestExpired"
        ? "The request's timestamp was refused: check that this server's clock is synchronized (NTP)."
        : "Temporary credentials (with a session token) expire: use a long-lived access key of a dedicated read-only user, or set roleArn so the connector assumes a role for each sync.",
    );
  if (DENIED.has(code) || REGION_OFF.has(code) || status === 403) return new AwsAccessDenied(message);
  if (status === 503 || (status !== undefined && status >= 500)) {
    // S3 and EC2 throttle with 503 (SlowDown, RequestLimitExceeded): a Retry-After, when sent, is honoured.
    const after = parseRetryAfter(e.$response?.headers?.["retry-after"]);
    return status === 503 && after !== null ? new ThrottledError(message, after) : new TransientError(message);
  }
  if (status === undefined && (NETWORK.has(e.code ?? "") || code === "TimeoutError" || code === "RequestTimeout"))
    return new TransientError(`${what}: network error ${e.code ?? code}${e.message ? ` (${e.message})` : ""}`);
  return err instanceof Error ? new Error(message, { cause: err }) : new Error(message);
}
