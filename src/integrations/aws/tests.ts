import type { CatalogueTest, Evaluation, EvaluationContext, ResourceInput } from "../types.ts";

const pass = (reason: string): Evaluation => ({ status: "pass", reason });
const fail = (reason: string, remediation?: string): Evaluation =>
  remediation ? { status: "fail", reason, remediation } : { status: "fail", reason };
const na = (reason: string): Evaluation => ({ status: "not_applicable", reason });
/** The attribute was not readable (access denied; the sync's warnings say which call). */
const unknown = (what: string): Evaluation => ({
  status: "error",
  reason: `${what} could not be read (see the sync's warnings); grant the SecurityAudit policy and sync again.`,
});

const num = (ctx: EvaluationContext, key: string, fallback: number) =>
  typeof ctx.config[key] === "number" ? (ctx.config[key] as number) : fallback;
const rec = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
const arr = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
const DAY = 86_400_000;

interface Permission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string }[];
}

/** Admin ports an ingress rule opens to the whole internet (0.0.0.0/0 or ::/0). */
export function worldOpenAdminPorts(r: ResourceInput, adminPorts: readonly number[]) {
  const found: string[] = [];
  for (const p of arr(r.attributes.IpPermissions) as Permission[]) {
    const sources = [
      ...(p.IpRanges ?? []).map((x) => x.CidrIp).filter((c) => c === "0.0.0.0/0"),
      ...(p.Ipv6Ranges ?? []).map((x) => x.CidrIpv6).filter((c) => c === "::/0"),
    ];
    if (!sources.length) continue;
    const all = p.IpProtocol === "-1";
    // ICMP's "ports" are types and codes, not ports.
    if (!all && !["tcp", "udp", "6", "17"].includes(p.IpProtocol ?? "")) continue;
    for (const port of adminPorts) {
      const covered = all || ((p.FromPort ?? 0) <= port && port <= (p.ToPort ?? 65535));
      if (covered) for (const s of sources) found.push(`${port}/${all ? "all protocols" : p.IpProtocol} from ${s}`);
    }
  }
  return [...new Set(found)];
}

const PAB_FLAGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

/** The AWS catalogue. `now` is injectable so that key ages are reproducible in tests. */
export function awsTests(now: () => Date = () => new Date()): readonly CatalogueTest[] {
  return [
    {
      id: "aws.iam_user_console_mfa",
      title: "IAM users with a console password have MFA",
      description: "Every IAM user who can sign in to the AWS console has at least one MFA device.",
      resourceType: "user",
      severity: "high",
      controls: ["ACC-03"],
      remediation:
        "Have the user register an MFA device (IAM → Users → Security credentials → Assign MFA device), and deny actions without MFA with an IAM policy condition (aws:MultiFactorAuthPresent). Better still, move people to IAM Identity Center with your identity provider's MFA.",
      evaluate: (r) => {
        const a = r.attributes;
        if (a.console_access === null || a.mfa_enabled === null) return unknown("The user's console access or MFA");
        if (a.console_access !== true) return na("The user has no console password (programmatic access only).");
        const n = arr(a.mfa_devices).length;
        return a.mfa_enabled === true
          ? pass(`Console password with ${n} MFA device${n === 1 ? "" : "s"}.`)
          : fail(`${r.name} can sign in to the console with a password alone: no MFA device.`);
      },
    },
    {
      id: "aws.iam_access_key_age",
      title: "Active access keys are rotated",
      description:
        "No active IAM access key is older than the connection's maxAccessKeyAgeDays (default 90 days). Inactive keys are ignored.",
      resourceType: "user",
      severity: "medium",
      controls: ["ACC-12"],
      remediation:
        "Create a new access key, switch the application to it, deactivate the old one and delete it once nothing fails. Prefer roles (instance profiles, IRSA, OIDC federation for CI) to long-lived keys.",
      evaluate: (r, ctx) => {
        if (r.attributes.access_keys === null) return unknown("The user's access keys");
        const max = num(ctx, "maxAccessKeyAgeDays", 90);
        const active = arr(r.attributes.access_keys).filter((k) => k.Status === "Active");
        if (!active.length) return na("The user has no active access key.");
        const at = now().getTime();
        const aged = active.map((k) => ({
          id: String(k.AccessKeyId),
          days: Math.floor((at - Date.parse(String(k.CreateDate))) / DAY),
        }));
        const old = aged.filter((k) => k.days > max);
        return old.length
          ? fail(
              `Active access key${old.length === 1 ? "" : "s"} older than ${max} days: ${old.map((k) => `${k.id} (${k.days} days)`).join(", ")}.`,
            )
          : pass(
              `${active.length} active access key(s), the oldest ${Math.max(...aged.map((k) => k.days))} days old (at most ${max}).`,
            );
      },
    },
    {
      id: "aws.root_mfa",
      title: "The root user has MFA",
      description: "The account's root user is protected by MFA (IAM account summary: AccountMFAEnabled).",
      resourceType: "aws_account",
      severity: "critical",
      controls: ["ACC-03", "ACC-09"],
      remediation:
        "Sign in as root, open Security credentials and assign an MFA device (a hardware key is best); keep it in a safe with the recovery procedure. Delete any root access keys.",
      evaluate: (r) => {
        const a = r.attributes;
        if (a.root_mfa_enabled === null) return unknown("The account summary");
        if (a.root_mfa_enabled !== true) return fail("The root user can sign in without MFA.");
        return a.root_access_keys_present === true
          ? pass("The root user has MFA (note: it also has access keys, which should be deleted).")
          : pass("The root user has MFA.");
      },
    },
    {
      id: "aws.password_policy",
      title: "IAM password policy requires long passwords",
      description:
        "The account has an IAM password policy with a minimum length of at least minPasswordLength (default 14) that prevents reusing previous passwords.",
      resourceType: "aws_account",
      severity: "medium",
      controls: ["ACC-05"],
      remediation:
        "IAM → Account settings → Password policy: minimum length 14 or more, and remember at least the last 5 passwords (or: aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 5).",
      evaluate: (r, ctx) => {
        const a = r.attributes;
        if (a.password_policy_present === null) return unknown("The password policy");
        if (a.password_policy_present !== true)
          return fail("The account has no IAM password policy: AWS's default allows 8-character passwords.");
        const p = rec(a.password_policy);
        const min = num(ctx, "minPasswordLength", 14);
        const problems: string[] = [];
        const length = typeof p.MinimumPasswordLength === "number" ? p.MinimumPasswordLength : 0;
        if (length < min) problems.push(`minimum length is ${length} (at least ${min} required)`);
        if (!(typeof p.PasswordReusePrevention === "number" && p.PasswordReusePrevention > 0))
          problems.push("reusing previous passwords is allowed");
        return problems.length
          ? fail(`The password policy is too weak: ${problems.join("; ")}.`)
          : pass(`Minimum length ${length}, the last ${p.PasswordReusePrevention} passwords cannot be reused.`);
      },
    },
    {
      id: "aws.cloudtrail_multi_region",
      title: "A multi-region CloudTrail trail with log file validation is logging",
      description:
        "At least one trail records every region (IsMultiRegionTrail), signs its log files (LogFileValidationEnabled) and is logging now.",
      resourceType: "aws_account",
      severity: "high",
      controls: ["OPS-01", "OPS-02"],
      remediation:
        "Create (or fix) a trail: aws cloudtrail create-trail --name org-trail --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation, then aws cloudtrail start-logging --name org-trail. Protect the bucket from deletion (Object Lock or a restrictive bucket policy).",
      evaluate: (r) => {
        const c = rec(r.attributes.cloudtrail);
        const good = arr(c.compliant_trails) as unknown as string[];
        if (good.length) return pass(`Logging multi-region trail with log file validation: ${good.join(", ")}.`);
        const unreadable = arr(c.unreadable_regions) as unknown as string[];
        if (unreadable.length) return unknown(`CloudTrail in ${unreadable.join(", ")}`);
        const multi = arr(c.multi_region_trails) as unknown as string[];
        return fail(
          multi.length
            ? `Multi-region trail(s) ${multi.join(", ")} found, but none both validates its log files and is logging.`
            : `No multi-region trail among ${arr(c.trails).length} trail(s): activity in other regions is not recorded.`,
        );
      },
    },
    {
      id: "aws.s3_block_public_access",
      title: "S3 buckets block public access",
      description:
        "All four S3 Block Public Access settings are on for the bucket (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets).",
      resourceType: "bucket",
      severity: "high",
      controls: ["OPS-13", "AST-09"],
      remediation:
        "aws s3api put-public-access-block --bucket <name> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true. Serve public content through CloudFront with origin access control instead.",
      evaluate: (r) => {
        const a = r.attributes;
        if (a.public_access_block_readable !== true) return unknown("The bucket's public access block");
        if (a.public_access_block === null)
          return fail("The bucket has no Block Public Access configuration: ACLs and policies can make it public.");
        const cfg = rec(a.public_access_block);
        const off = PAB_FLAGS.filter((f) => cfg[f] !== true);
        return off.length
          ? fail(`Block Public Access is incomplete: ${off.join(", ")} off.`)
          : pass("All four Block Public Access settings are on.");
      },
    },
    {
      id: "aws.s3_default_encryption",
      title: "S3 buckets encrypt objects by default",
      description: "The bucket has a default server-side encryption rule (SSE-S3, SSE-KMS or DSSE-KMS).",
      resourceType: "bucket",
      severity: "medium",
      controls: ["CNF-02"],
      remediation:
        'aws s3api put-bucket-encryption --bucket <name> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"},"BucketKeyEnabled":true}]}\'',
      evaluate: (r) => {
        const a = r.attributes;
        if (a.encryption_readable !== true) return unknown("The bucket's encryption configuration");
        const algs = arr(a.encryption_algorithms) as unknown as string[];
        return algs.length
          ? pass(`Default encryption: ${algs.join(", ")}.`)
          : fail("The bucket has no default encryption rule.");
      },
    },
    {
      id: "aws.rds_encrypted",
      title: "RDS instances are encrypted at rest",
      description: "The DB instance's storage, backups and snapshots are encrypted (StorageEncrypted).",
      resourceType: "db_instance",
      severity: "high",
      controls: ["CNF-02"],
      remediation:
        "Encryption cannot be turned on in place: snapshot the instance, copy the snapshot with encryption (a KMS key), restore from the copy, switch clients over and delete the old instance.",
      evaluate: (r) =>
        r.attributes.StorageEncrypted === true
          ? pass(`Storage is encrypted${r.attributes.KmsKeyId ? ` with ${r.attributes.KmsKeyId}` : ""}.`)
          : fail(`${r.name} stores its data unencrypted.`),
    },
    {
      id: "aws.rds_backups",
      title: "RDS instances keep automated backups",
      description:
        "Automated backups are kept for at least minBackupRetentionDays (default 7) days (BackupRetentionPeriod).",
      resourceType: "db_instance",
      severity: "medium",
      controls: ["AVL-02"],
      remediation:
        "aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 7 --apply-immediately (up to 35 days; use AWS Backup for longer retention).",
      evaluate: (r, ctx) => {
        const min = num(ctx, "minBackupRetentionDays", 7);
        const days = typeof r.attributes.BackupRetentionPeriod === "number" ? r.attributes.BackupRetentionPeriod : 0;
        if (days === 0) return fail("Automated backups are off (retention 0 days).");
        return days >= min
          ? pass(`Backups are kept ${days} days (at least ${min}).`)
          : fail(`Backups are kept ${days} day${days === 1 ? "" : "s"} (at least ${min} required).`);
      },
    },
    {
      id: "aws.rds_not_public",
      title: "RDS instances are not publicly accessible",
      description: "The DB instance has no public address (PubliclyAccessible is false).",
      resourceType: "db_instance",
      severity: "high",
      controls: ["NET-02", "NET-01"],
      remediation:
        "aws rds modify-db-instance --db-instance-identifier <id> --no-publicly-accessible --apply-immediately; put it in private subnets and reach it through the application or a bastion/VPN.",
      evaluate: (r) =>
        r.attributes.PubliclyAccessible === true
          ? fail(`${r.name} is publicly accessible: it has a public IP address that the internet can reach.`)
          : pass("The instance has no public address."),
    },
    {
      id: "aws.ebs_default_encryption",
      title: "EBS encryption by default is on",
      description: "New EBS volumes and snapshot copies in the region are encrypted automatically.",
      resourceType: "region_setting",
      severity: "medium",
      controls: ["CNF-02"],
      remediation:
        "aws ec2 enable-ebs-encryption-by-default --region <region> (existing volumes stay as they are: copy their snapshots with encryption to replace them).",
      evaluate: (r) => {
        const v = r.attributes.ebs_encryption_by_default;
        if (v === null || v === undefined) return unknown("EBS default encryption");
        return v === true
          ? pass(`New EBS volumes in ${r.attributes.region} are encrypted by default.`)
          : fail(`EBS encryption by default is off in ${r.attributes.region}.`);
      },
    },
    {
      id: "aws.guardduty_enabled",
      title: "GuardDuty is enabled",
      description: "An enabled GuardDuty detector watches the region for threats.",
      resourceType: "region_setting",
      severity: "high",
      controls: ["NET-06", "OPS-13"],
      remediation:
        "aws guardduty create-detector --enable --region <region> (or enable it for all accounts and regions from the GuardDuty delegated administrator), and route its findings to your alerting.",
      evaluate: (r) => {
        const a = r.attributes;
        if (a.guardduty_enabled === null || a.guardduty_enabled === undefined) return unknown("GuardDuty");
        const ds = arr(a.guardduty_detectors);
        if (a.guardduty_enabled === true) return pass(`GuardDuty detector enabled in ${a.region}.`);
        return fail(
          ds.length
            ? `The GuardDuty detector in ${a.region} is suspended (status ${ds.map((d) => d.Status).join(", ")}).`
            : `GuardDuty is not enabled in ${a.region}.`,
        );
      },
    },
    {
      id: "aws.security_group_admin_ports",
      title: "Security groups do not open admin ports to the internet",
      description:
        "No ingress rule allows 0.0.0.0/0 or ::/0 to reach an administration port (the connection's adminPorts, default 22 and 3389).",
      resourceType: "security_group",
      severity: "high",
      controls: ["NET-01", "NET-04"],
      remediation:
        "Remove the rule (aws ec2 revoke-security-group-ingress) and reach servers through SSM Session Manager, a VPN or a bastion restricted to known addresses.",
      evaluate: (r, ctx) => {
        const ports = Array.isArray(ctx.config.adminPorts) ? (ctx.config.adminPorts as number[]) : [22, 3389];
        const open = worldOpenAdminPorts(r, ports);
        return open.length
          ? fail(`Open to the internet: ${open.join("; ")}.`)
          : pass(`No admin port (${ports.join(", ")}) is open to 0.0.0.0/0 or ::/0.`);
      },
    },
    {
      id: "aws.kms_key_rotation",
      title: "Customer-managed KMS keys rotate automatically",
      description: "Automatic key rotation is on for enabled symmetric customer-managed keys.",
      resourceType: "kms_key",
      severity: "medium",
      controls: ["CNF-03"],
      remediation: "aws kms enable-key-rotation --key-id <key> (optionally --rotation-period-in-days 90 to 2560).",
      evaluate: (r) => {
        const a = r.attributes;
        if (a.KeyState !== "Enabled") return na(`The key is ${String(a.KeyState)}.`);
        if (a.rotation_supported !== true)
          return na(
            `Automatic rotation does not apply to ${String(a.KeySpec)} keys with ${String(a.Origin)} material.`,
          );
        if (a.KeyRotationEnabled === null) return unknown("The key's rotation status");
        return a.KeyRotationEnabled === true
          ? pass(
              `Rotation is on${typeof a.RotationPeriodInDays === "number" ? ` every ${a.RotationPeriodInDays} days` : ""}.`,
            )
          : fail("Automatic rotation is off.");
      },
    },
  ];
}
