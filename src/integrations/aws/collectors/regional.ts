/** Per region: RDS instances, EBS default encryption and GuardDuty (region_setting), security groups, KMS keys. */
import { DescribeSecurityGroupsCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from "@aws-sdk/client-ec2";
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import { DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { paginate } from "../../retry.ts";
import type { ResourceInput } from "../../types.ts";
import { type CollectorEnv, part, plain, warnDenied } from "./common.ts";

/** Walks a paginated listing, one batch per page; access denied ends it with a warning. */
async function* pages<T>(
  env: CollectorEnv,
  what: string,
  page: (cursor: string | null) => Promise<{ items: T[]; next: string | null }>,
  toResources: (items: T[]) => Promise<ResourceInput[]>,
): AsyncGenerator<ResourceInput[], void, void> {
  try {
    for await (const items of paginate(env.session.retry, what, page)) {
      if (env.signal.aborted) return;
      yield await toResources(items);
    }
  } catch (err) {
    if (!warnDenied(env, what, err)) throw err;
  }
}

export function dbInstances(env: CollectorEnv, region: string) {
  const rds = env.session.client("rds", region, (cfg) => new RDSClient(cfg));
  return pages(
    env,
    `rds:DescribeDBInstances ${region}`,
    async (marker) => {
      const out = await rds.send(new DescribeDBInstancesCommand(marker ? { Marker: marker } : {}));
      return { items: out.DBInstances ?? [], next: out.Marker ?? null };
    },
    async (items) =>
      items.map((db) => ({
        type: "db_instance",
        externalId: db.DBInstanceArn ?? `${region}:${db.DBInstanceIdentifier}`,
        name: db.DBInstanceIdentifier ?? "db instance",
        attributes: { ...plain(db), region },
      })),
  );
}

export function securityGroups(env: CollectorEnv, region: string) {
  const ec2 = env.session.client("ec2", region, (cfg) => new EC2Client(cfg));
  return pages(
    env,
    `ec2:DescribeSecurityGroups ${region}`,
    async (token) => {
      // MaxResults turns on NextToken paging, so a large account comes in pages of 1000.
      const out = await ec2.send(
        new DescribeSecurityGroupsCommand({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) }),
      );
      return { items: out.SecurityGroups ?? [], next: out.NextToken ?? null };
    },
    async (items) =>
      items.map((sg) => ({
        type: "security_group",
        externalId: sg.GroupId ?? `${region}:${sg.GroupName}`,
        name: `${sg.GroupName ?? "security group"} (${sg.GroupId})`,
        attributes: { ...plain(sg), region },
      })),
  );
}

/** EBS encryption by default and GuardDuty detectors of one region (a part that could not be read is null). */
export async function regionSetting(env: CollectorEnv, region: string): Promise<ResourceInput> {
  const { session } = env;
  const ec2 = session.client("ec2", region, (cfg) => new EC2Client(cfg));
  const gd = session.client("guardduty", region, (cfg) => new GuardDutyClient(cfg));
  const ebs = await part(env, `EBS default encryption in ${region} (ec2:GetEbsEncryptionByDefault)`, () =>
    session.call(`ec2:GetEbsEncryptionByDefault ${region}`, () => ec2.send(new GetEbsEncryptionByDefaultCommand({}))),
  );
  const detectors = await part(
    env,
    `GuardDuty in ${region} (guardduty:ListDetectors, guardduty:GetDetector)`,
    async () => {
      const ids: string[] = [];
      for await (const page of paginate(session.retry, `guardduty:ListDetectors ${region}`, async (token) => {
        const out = await gd.send(new ListDetectorsCommand(token ? { NextToken: token } : {}));
        return { items: out.DetectorIds ?? [], next: out.NextToken ?? null };
      }))
        ids.push(...page);
      const out: Record<string, unknown>[] = [];
      for (const id of ids) {
        const d = await session.call(`guardduty:GetDetector ${id} ${region}`, () =>
          gd.send(new GetDetectorCommand({ DetectorId: id })),
        );
        out.push({ DetectorId: id, ...plain(d) });
      }
      return out;
    },
  );
  return {
    type: "region_setting",
    externalId: region,
    name: `${region} account settings`,
    attributes: {
      region,
      ebs_encryption_by_default: ebs ? ebs.EbsEncryptionByDefault === true : null,
      ebs_sse_type: ebs?.SseType ?? null,
      guardduty_detectors: detectors,
      guardduty_enabled: detectors ? detectors.some((d) => d.Status === "ENABLED") : null,
    },
  };
}

/** Customer-managed KMS keys (AWS-managed keys rotate on AWS's schedule and are left out) with rotation status. */
export function kmsKeys(env: CollectorEnv, region: string) {
  const { session } = env;
  const kms = session.client("kms", region, (cfg) => new KMSClient(cfg));
  return pages(
    env,
    `kms:ListKeys ${region}`,
    async (marker) => {
      const out = await kms.send(new ListKeysCommand(marker ? { Marker: marker } : {}));
      return { items: out.Keys ?? [], next: out.Truncated && out.NextMarker ? out.NextMarker : null };
    },
    async (items) => {
      const batch: ResourceInput[] = [];
      for (const k of items) {
        const id = k.KeyId!;
        const described = await part(env, `KMS key ${id} (kms:DescribeKey)`, () =>
          session.call(`kms:DescribeKey ${id}`, () => kms.send(new DescribeKeyCommand({ KeyId: id }))),
        );
        const meta = described?.KeyMetadata;
        if (meta?.KeyManager !== "CUSTOMER") continue;
        // Automatic rotation exists only for enabled symmetric keys with AWS-generated material.
        const rotatable =
          meta.KeySpec === "SYMMETRIC_DEFAULT" && meta.Origin === "AWS_KMS" && meta.KeyState === "Enabled";
        const rotation = rotatable
          ? await part(env, `KMS key ${id} rotation (kms:GetKeyRotationStatus)`, () =>
              session.call(`kms:GetKeyRotationStatus ${id}`, () =>
                kms.send(new GetKeyRotationStatusCommand({ KeyId: id })),
              ),
            )
          : null;
        batch.push({
          type: "kms_key",
          externalId: meta.Arn ?? k.KeyArn ?? id,
          name: meta.Description ? `${id} (${meta.Description})` : id,
          attributes: {
            ...plain(meta),
            region,
            rotation_supported: rotatable,
            KeyRotationEnabled: rotation ? rotation.KeyRotationEnabled === true : null,
            RotationPeriodInDays: rotation?.RotationPeriodInDays ?? null,
          },
        });
      }
      return batch;
    },
  );
}
