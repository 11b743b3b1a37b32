/**
 * The AWS connector's description, settings and catalogue tests: what the registry needs at start. The SDK client
 * is in connector.ts, loaded on the first test or sync of an AWS connection (src/integrations/lazy.ts).
 */
import { z } from "zod";
import type { ConnectorDefinition } from "../lazy.ts";
import { awsTests } from "./tests.ts";

const REGION = z
  .string()
  .trim()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, "Give AWS region codes such as us-east-1 or eu-west-1.");

export const awsConfig = z.strictObject({
  regions: z
    .array(REGION)
    .min(1, "List at least one region.")
    .max(40)
    .default(["us-east-1"])
    .refine((r) => new Set(r).size === r.length, "Each region may be listed once."),
  /** A role to assume with the key (e.g. a SecurityAudit role in the audited account). */
  roleArn: z
    .string()
    .trim()
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
      "Give a role ARN like arn:aws:iam::123456789012:role/assay-audit.",
    )
    .optional(),
  /** Active access keys older than this fail aws.iam_access_key_age. */
  maxAccessKeyAgeDays: z.number().int().min(1).max(3650).default(90),
  /** Ports that must not be open to the internet (aws.security_group_admin_ports). */
  adminPorts: z.array(z.number().int().min(0).max(65535)).min(1).max(100).default([22, 3389]),
  /** aws.password_policy: the minimum password length required. */
  minPasswordLength: z.number().int().min(6).max(128).default(14),
  /** aws.rds_backups: the minimum automated backup retention. */
  minBackupRetentionDays: z.number().int().min(1).max(35).default(7),
});
export type AwsConfig = z.infer<typeof awsConfig>;

export const awsSecrets = z.strictObject({
  accessKeyId: z
    .string()
    .trim()
    .regex(
      /^(AKIA|ASIA)[A-Z0-9]{12,124}$/,
      "An access key id starts with AKIA (or ASIA for temporary keys), e.g. AKIAIOSFODNN7EXAMPLE.",
    ),
  secretAccessKey: z
    .string()
    .trim()
    .min(16, "The secret access key is the 40-character value shown with the key.")
    .max(256),
  /** Only with temporary (ASIA…) credentials; they expire, so prefer a long-lived key or roleArn. */
  sessionToken: z.string().trim().min(1).max(4096).optional(),
  /** The external id the role's trust policy requires, if any. */
  externalId: z.string().trim().min(2).max(1224).optional(),
});
export type AwsSecrets = z.infer<typeof awsSecrets>;

export const awsDefinition: ConnectorDefinition<AwsConfig, AwsSecrets> = {
  type: "aws",
  title: "Amazon Web Services",
  description:
    "Security posture of an AWS account: root and IAM user MFA, access key age, password policy, CloudTrail, S3, RDS, EBS encryption, GuardDuty, security groups and KMS key rotation.",
  category: "cloud",
  configSchema: awsConfig,
  secretSchema: awsSecrets,
  resourceTypes: [
    "aws_account",
    "user",
    "trail",
    "bucket",
    "db_instance",
    "region_setting",
    "security_group",
    "kms_key",
  ],
  tests: awsTests(),
};
