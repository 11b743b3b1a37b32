import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectAll, evaluateAll, testEnvironment } from "../testing.ts";
import { ConnectorError, ThrottledError, TransientError } from "../types.ts";
import { awsConfig, awsSecrets, createAwsConnector } from "./connector.ts";
import { AwsAccessDenied, classifyAwsError } from "./errors.ts";
import { recorded, replayHandler } from "./replay.ts";

/**
 * The AWS connector against recorded AWS responses (fixtures/account), served through the SDK's own transport
 * hook: the SDK signs, serializes and parses exactly as it would against AWS; only the socket is replaced.
 */
const DIR = path.join(import.meta.dirname, "fixtures/account");
const NOW = new Date("2026-11-20T00:00:00Z");
const CONFIG = { regions: ["us-east-1", "eu-west-1"] };
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SECRETS = { accessKeyId: "AKIA2Y4NHJ5EXAMPLEMN", secretAccessKey: SECRET };
const SG_PAGE_2 =
  "ec2 us-east-1 DescribeSecurityGroups MaxResults=1000 NextToken=eyJ2IjoiMiIsImMiOiJ1c2VhMXNncGFnZTIifQ==";
const env = testEnvironment();

function setup() {
  const handler = replayHandler(DIR);
  const connector = createAwsConnector({ requestHandler: handler, now: () => NOW });
  return { handler, connector };
}
const statuses = (results: Map<string, { status: string; reason: string }>) =>
  Object.fromEntries([...results].map(([k, v]) => [k, v.status]));

const KMS = (id: string) => `arn:aws:kms:us-east-1:123456789012:key/${id}`;
const RDS = (id: string) => `arn:aws:rds:us-east-1:123456789012:db:${id}`;
const EXPECTED: Record<string, string> = {
  "aws.iam_user_console_mfa|AIDA2Y4NHJ5EXAMPLEALC": "pass",
  "aws.iam_user_console_mfa|AIDA2Y4NHJ5EXAMPLEBOB": "fail",
  "aws.iam_user_console_mfa|AIDA2Y4NHJ5EXAMPLECID": "not_applicable",
  "aws.iam_user_console_mfa|AIDA2Y4NHJ5EXAMPLECRL": "pass",
  "aws.iam_access_key_age|AIDA2Y4NHJ5EXAMPLEALC": "pass",
  "aws.iam_access_key_age|AIDA2Y4NHJ5EXAMPLEBOB": "not_applicable",
  "aws.iam_access_key_age|AIDA2Y4NHJ5EXAMPLECID": "fail",
  "aws.iam_access_key_age|AIDA2Y4NHJ5EXAMPLECRL": "fail",
  "aws.root_mfa|123456789012": "pass",
  "aws.password_policy|123456789012": "fail",
  "aws.cloudtrail_multi_region|123456789012": "pass",
  "aws.s3_block_public_access|acme-legacy-exports": "fail",
  "aws.s3_block_public_access|acme-prod-data": "pass",
  "aws.s3_block_public_access|acme-public-assets": "fail",
  "aws.s3_default_encryption|acme-legacy-exports": "fail",
  "aws.s3_default_encryption|acme-prod-data": "pass",
  "aws.s3_default_encryption|acme-public-assets": "pass",
  [`aws.rds_encrypted|${RDS("prod-postgres")}`]: "pass",
  [`aws.rds_encrypted|${RDS("analytics-mysql")}`]: "fail",
  [`aws.rds_backups|${RDS("prod-postgres")}`]: "pass",
  [`aws.rds_backups|${RDS("analytics-mysql")}`]: "fail",
  [`aws.rds_not_public|${RDS("prod-postgres")}`]: "pass",
  [`aws.rds_not_public|${RDS("analytics-mysql")}`]: "fail",
  "aws.ebs_default_encryption|us-east-1": "pass",
  "aws.ebs_default_encryption|eu-west-1": "fail",
  "aws.guardduty_enabled|us-east-1": "pass",
  "aws.guardduty_enabled|eu-west-1": "fail",
  "aws.security_group_admin_ports|sg-0b1a2c3d4e5f60001": "fail",
  "aws.security_group_admin_ports|sg-0b1a2c3d4e5f60002": "pass",
  "aws.security_group_admin_ports|sg-0b1a2c3d4e5f60003": "fail",
  "aws.security_group_admin_ports|sg-0b1a2c3d4e5f60004": "pass",
  "aws.security_group_admin_ports|sg-0b1a2c3d4e5f60005": "fail",
  "aws.security_group_admin_ports|sg-0e9d8c7b6a5f40001": "pass",
  [`aws.kms_key_rotation|${KMS("1e5a7b9c-3d2f-4a8e-b0c6-6f9d2e3b8c01")}`]: "pass",
  [`aws.kms_key_rotation|${KMS("2f6b8c0d-4e3a-4b9f-81d7-7a0e3f4c9d12")}`]: "fail",
  [`aws.kms_key_rotation|${KMS("4b8d0e2f-6a5c-4db1-a3f9-9c2a5b6e1f34")}`]: "not_applicable",
};

describe("AWS connector on recorded responses", () => {
  it("collects every resource type, reading every page, and each test gives the expected verdict and reason", async () => {
    const { handler, connector } = setup();
    const { resources, warnings } = await collectAll(connector, CONFIG, SECRETS);
    expect(warnings).toEqual([]);
    const count = (t: string) => resources.filter((r) => r.type === t).length;
    expect(Object.fromEntries(connector.resourceTypes.map((t) => [t, count(t)]))).toEqual({
      aws_account: 1,
      user: 4,
      trail: 2,
      bucket: 3,
      db_instance: 2,
      region_setting: 2,
      security_group: 6,
      kms_key: 3,
    });
    // Both pages of IAM users and of us-east-1's security groups were requested, with the right cursor.
    expect(handler.calls).toContain("iam us-east-1 ListUsers Marker=AAIAAZSmBQxJ3l0Nd7tHm2gLqPcVWcH9lD0Fj4kR1sEXAMPLE");
    expect(handler.calls).toContain(SG_PAGE_2);
    expect(resources.filter((r) => r.type === "user").map((r) => r.name)).toEqual([
      "alice",
      "bob",
      "ci-deploy",
      "carol",
    ]);
    // The multi-region trail also listed in eu-west-1 (a shadow) is kept once and its status asked once.
    expect(handler.calls.filter((c) => c.includes("GetTrailStatus") && c.includes("org-trail"))).toHaveLength(1);
    // AWS-managed keys are not resources, and asymmetric keys are not asked for rotation.
    expect(handler.calls.filter((c) => c.includes("GetKeyRotationStatus"))).toHaveLength(2);
    expect(handler.calls.some((c) => c.startsWith("s3 eu-west-1 GetPublicAccessBlock Bucket=acme-public-assets"))).toBe(
      true,
    );

    const user = resources.find((r) => r.name === "ci-deploy")!;
    expect(user.attributes).toMatchObject({
      console_access: false,
      mfa_enabled: false,
      Path: "/service/",
      access_keys: [{ AccessKeyId: "AKIA2Y4NHJ5EXAMPLECI", Status: "Active", CreateDate: "2024-02-10T09:05:00.000Z" }],
    });
    const account = resources.find((r) => r.type === "aws_account")!;
    expect(account.attributes).toMatchObject({
      caller_arn: "arn:aws:iam::123456789012:user/assay-monitor",
      root_mfa_enabled: true,
      password_policy_present: true,
      password_policy: { MinimumPasswordLength: 8 },
    });

    const results = evaluateAll(connector, resources, awsConfig.parse(CONFIG));
    expect(statuses(results)).toEqual(EXPECTED);
    const reason = (k: string) => results.get(k)!.reason;
    expect(reason("aws.iam_user_console_mfa|AIDA2Y4NHJ5EXAMPLEBOB")).toBe(
      "bob can sign in to the console with a password alone: no MFA device.",
    );
    expect(reason("aws.iam_access_key_age|AIDA2Y4NHJ5EXAMPLECRL")).toBe(
      "Active access key older than 90 days: AKIA2Y4NHJ5EXAMPLEC1 (353 days).",
    );
    expect(reason("aws.password_policy|123456789012")).toBe(
      "The password policy is too weak: minimum length is 8 (at least 14 required); reusing previous passwords is allowed.",
    );
    expect(reason("aws.s3_block_public_access|acme-legacy-exports")).toBe(
      "Block Public Access is incomplete: BlockPublicPolicy, RestrictPublicBuckets off.",
    );
    expect(reason(`aws.rds_backups|${RDS("analytics-mysql")}`)).toBe("Backups are kept 1 day (at least 7 required).");
    expect(reason("aws.security_group_admin_ports|sg-0b1a2c3d4e5f60003")).toBe(
      "Open to the internet: 22/all protocols from ::/0; 3389/all protocols from ::/0.",
    );
    expect(reason("aws.security_group_admin_ports|sg-0b1a2c3d4e5f60005")).toBe(
      "Open to the internet: 3389/tcp from 0.0.0.0/0.",
    );
    expect(reason("aws.guardduty_enabled|eu-west-1")).toBe("GuardDuty is not enabled in eu-west-1.");

    // The settings change the verdicts: a longer key age and other admin ports.
    const relaxed = evaluateAll(
      connector,
      resources,
      awsConfig.parse({ ...CONFIG, maxAccessKeyAgeDays: 400, adminPorts: [5432] }),
    );
    expect(relaxed.get("aws.iam_access_key_age|AIDA2Y4NHJ5EXAMPLECRL")!.status).toBe("pass");
    expect(relaxed.get("aws.security_group_admin_ports|sg-0b1a2c3d4e5f60001")!.status).toBe("pass");
  });

  it("fails the account tests with specific reasons: root without MFA, no password policy, trail not logging", async () => {
    const { handler, connector } = setup();
    handler.queue(
      "iam us-east-1 GetAccountSummary",
      (() => {
        const r = recorded(DIR, "iam-GetAccountSummary.xml");
        return {
          ...r,
          body: r.body.replace(
            "<key>AccountMFAEnabled</key><value>1</value>",
            "<key>AccountMFAEnabled</key><value>0</value>",
          ),
        };
      })(),
    );
    handler.queue("iam us-east-1 GetAccountPasswordPolicy", {
      status: 404,
      headers: {},
      body: recorded(DIR, "iam-error-NoSuchEntity-login.xml").body.replace(
        "Login Profile for User ci-deploy cannot be found.",
        "The Password Policy with domain name 123456789012 cannot be found.",
      ),
    });
    const status = recorded(DIR, "cloudtrail-GetTrailStatus-org-trail.json");
    handler.queue(
      "cloudtrail us-east-1 GetTrailStatus Name=arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail",
      { ...status, body: JSON.stringify({ ...JSON.parse(status.body), IsLogging: false }) },
    );
    const { resources } = await collectAll(connector, CONFIG, SECRETS);
    const results = evaluateAll(connector, resources, awsConfig.parse(CONFIG));
    expect(results.get("aws.root_mfa|123456789012")).toEqual({
      status: "fail",
      reason: "The root user can sign in without MFA.",
    });
    expect(results.get("aws.password_policy|123456789012")).toEqual({
      status: "fail",
      reason: "The account has no IAM password policy: AWS's default allows 8-character passwords.",
    });
    expect(results.get("aws.cloudtrail_multi_region|123456789012")).toEqual({
      status: "fail",
      reason: "Multi-region trail(s) org-trail found, but none both validates its log files and is logging.",
    });
  });

  it("testConnection names the account and caller, and explains each credential problem without leaking the secret", async () => {
    const { handler, connector } = setup();
    const config = awsConfig.parse(CONFIG);
    const secrets = awsSecrets.parse(SECRETS);
    expect(await connector.testConnection(config, secrets, env)).toEqual({
      ok: true,
      message: "Connected to account 123456789012 as arn:aws:iam::123456789012:user/assay-monitor.",
      details: {
        accountId: "123456789012",
        arn: "arn:aws:iam::123456789012:user/assay-monitor",
        regions: ["us-east-1", "eu-west-1"],
      },
    });

    const cases: [string, number, string, RegExp, RegExp][] = [
      [
        "sts-error-InvalidClientTokenId.xml",
        403,
        "sts",
        /does not recognize the access key id/,
        /Create a new access key/,
      ],
      ["sts-error-SignatureDoesNotMatch.xml", 403, "sts", /secret access key does not match/, /secret access key/],
      ["sts-error-ExpiredToken.xml", 400, "sts", /have expired \(ExpiredToken\)/, /roleArn/],
      ["iam-error-AccessDenied.xml", 403, "iam", /denied .*iam:GetAccountSummary/, /SecurityAudit.*iam:ListUsers/],
    ];
    for (const [file, status, service, error, guidance] of cases) {
      const key = service === "sts" ? "sts us-east-1 GetCallerIdentity" : "iam us-east-1 GetAccountSummary";
      handler.queue(key, recorded(DIR, file, status));
      const result = await connector.testConnection(config, secrets, env);
      expect(result, file).toMatchObject({ ok: false, error: expect.stringMatching(error) });
      if (!result.ok) expect(result.guidance, file).toMatch(guidance);
      expect(JSON.stringify(result)).not.toContain(SECRET);
    }
  });

  it("assumes the configured role and reports the assumed identity", async () => {
    const { handler, connector } = setup();
    const role = "arn:aws:iam::210987654321:role/assay-audit";
    handler.queue(
      `sts us-east-1 AssumeRole DurationSeconds=3600 ExternalId=acme-7f3k RoleArn=${role} RoleSessionName=assay-monitoring`,
      {
        status: 200,
        headers: {},
        body: `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><AssumedRoleId>AROA3XFRBF23EXAMPLE:assay-monitoring</AssumedRoleId><Arn>arn:aws:sts::210987654321:assumed-role/assay-audit/assay-monitoring</Arn></AssumedRoleUser>
    <Credentials><AccessKeyId>ASIA3XFRBF23EXAMPLE1</AccessKeyId><SecretAccessKey>9drTJvcXLB89EXAMPLELB8923FB892xMFI</SecretAccessKey><SessionToken>IQoJb3JpZ2luX2VjEXAMPLETOKEN</SessionToken><Expiration>2026-11-20T01:00:00Z</Expiration></Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>7a1c3e5f-9b2d-4f6a-8c0e-1d3f5a7b9c22</RequestId></ResponseMetadata>
</AssumeRoleResponse>`,
      },
    );
    const identity = recorded(DIR, "sts-GetCallerIdentity.xml");
    handler.queue("sts us-east-1 GetCallerIdentity", {
      ...identity,
      body: identity.body
        .replace(
          "arn:aws:iam::123456789012:user/assay-monitor",
          "arn:aws:sts::210987654321:assumed-role/assay-audit/assay-monitoring",
        )
        .replace("<Account>123456789012</Account>", "<Account>210987654321</Account>"),
    });
    const result = await connector.testConnection(
      awsConfig.parse({ ...CONFIG, roleArn: role }),
      awsSecrets.parse({ ...SECRETS, externalId: "acme-7f3k" }),
      env,
    );
    expect(result).toMatchObject({
      ok: true,
      message:
        "Connected to account 210987654321 as arn:aws:sts::210987654321:assumed-role/assay-audit/assay-monitoring.",
    });
  });

  it("retries a throttled page and reads it on the next attempt", async () => {
    const { handler, connector } = setup();
    handler.queue(SG_PAGE_2, recorded(DIR, "ec2-error-RequestLimitExceeded.xml", 503));
    const { resources, warnings } = await collectAll(connector, CONFIG, SECRETS);
    expect(warnings).toEqual([]);
    expect(handler.calls.filter((c) => c === SG_PAGE_2)).toHaveLength(2);
    expect(resources.filter((r) => r.type === "security_group")).toHaveLength(6);
  });

  it("a page that keeps failing stops the collection with an error that says which call and how often", async () => {
    const { handler, connector } = setup();
    handler.always(SG_PAGE_2, recorded(DIR, "ec2-error-InternalError.xml", 500));
    await expect(collectAll(connector, CONFIG, SECRETS)).rejects.toThrow(
      /ec2:DescribeSecurityGroups us-east-1 \(page 2\): still failing after 6 attempts \(.*InternalError/,
    );
    expect(handler.calls.filter((c) => c === SG_PAGE_2)).toHaveLength(6);
  });

  it("access denied on one service in one region is a warning: the rest is collected, that verdict is an error", async () => {
    const { handler, connector } = setup();
    handler.always("guardduty eu-west-1 ListDetectors", recorded(DIR, "guardduty-error-AccessDenied.json", 403));
    const { resources, warnings } = await collectAll(connector, CONFIG, SECRETS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/GuardDuty in eu-west-1 .* was not read: .*AccessDeniedException.*SecurityAudit/);
    expect(resources).toHaveLength(23);
    const eu = resources.find((r) => r.type === "region_setting" && r.externalId === "eu-west-1")!;
    expect(eu.attributes).toMatchObject({ ebs_encryption_by_default: false, guardduty_enabled: null });
    const results = evaluateAll(connector, resources, awsConfig.parse(CONFIG));
    expect(results.get("aws.guardduty_enabled|eu-west-1")!.status).toBe("error");
    expect(results.get("aws.ebs_default_encryption|eu-west-1")!.status).toBe("fail");
    expect(results.get("aws.guardduty_enabled|us-east-1")!.status).toBe("pass");
  });

  it("bad credentials during a collection fail it with guidance", async () => {
    const { handler, connector } = setup();
    handler.queue("sts us-east-1 GetCallerIdentity", recorded(DIR, "sts-error-InvalidClientTokenId.xml", 403));
    const err = await collectAll(connector, CONFIG, SECRETS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).guidance).toMatch(/new access key/);
  });

  it("maps SDK errors to the framework's kinds", () => {
    const sdk = (name: string, status?: number, headers: Record<string, string> = {}) =>
      Object.assign(new Error(`${name} message`), {
        name,
        $metadata: status ? { httpStatusCode: status } : {},
        $response: { headers },
      });
    const throttled = classifyAwsError(sdk("ThrottlingException", 400, { "retry-after": "2" }), "kms:ListKeys");
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect((throttled as ThrottledError).retryAfterMs).toBe(2000);
    for (const name of ["Throttling", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"])
      expect(classifyAwsError(sdk(name, 503), "x"), name).toBeInstanceOf(ThrottledError);
    expect(classifyAwsError(sdk("Unknown", 429), "x")).toBeInstanceOf(ThrottledError);
    expect(classifyAwsError(sdk("ServiceUnavailable", 503, { "retry-after": "5" }), "x")).toBeInstanceOf(
      ThrottledError,
    );
    expect(classifyAwsError(sdk("InternalError", 500), "x")).toBeInstanceOf(TransientError);
    expect(classifyAwsError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "x")).toBeInstanceOf(
      TransientError,
    );
    expect(classifyAwsError(sdk("UnauthorizedOperation", 403), "ec2:DescribeSecurityGroups")).toBeInstanceOf(
      AwsAccessDenied,
    );
    expect(classifyAwsError(sdk("SignatureDoesNotMatch", 403), "x")).toBeInstanceOf(ConnectorError);
    const other = classifyAwsError(sdk("ValidationError", 400), "rds:DescribeDBInstances");
    expect(other).not.toBeInstanceOf(TransientError);
    expect(other.message).toBe("rds:DescribeDBInstances: ValidationError (ValidationError message)");
  });

  it("refuses bad settings and secrets with a clear message", () => {
    const region = awsConfig.safeParse({ regions: ["us-east-1", "Frankfurt"] });
    expect(region.error?.issues[0]?.message).toMatch(/region codes such as us-east-1/);
    expect(awsConfig.safeParse({ regions: [] }).error?.issues[0]?.message).toBe("List at least one region.");
    expect(awsConfig.safeParse({ extra: 1 }).success).toBe(false);
    expect(awsConfig.parse({})).toMatchObject({
      regions: ["us-east-1"],
      maxAccessKeyAgeDays: 90,
      adminPorts: [22, 3389],
    });
    const key = awsSecrets.safeParse({ accessKeyId: "not-a-key", secretAccessKey: SECRET });
    expect(key.error?.issues[0]?.message).toMatch(/starts with AKIA/);
    expect(JSON.stringify(key.error)).not.toContain(SECRET);
  });
});
