/** CloudTrail trails (with their logging status) and S3 buckets (public access block, default encryption). */
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import {
  type Bucket,
  GetBucketEncryptionCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { paginate } from "../../retry.ts";
import type { ResourceInput } from "../../types.ts";
import { type CollectorEnv, isNotFound, part, plain, warnDenied } from "./common.ts";

export interface TrailScan {
  trails: ResourceInput[];
  /** Regions whose trails could not be listed (access denied). */
  unreadableRegions: string[];
}

/**
 * Trails of every configured region. A multi-region trail is listed in each region (as a "shadow" outside its
 * home region): it is kept once, by ARN, and its status asked by ARN, which works from any region.
 */
export async function trails(env: CollectorEnv): Promise<TrailScan> {
  const { session } = env;
  const seen = new Map<string, ResourceInput>();
  const unreadableRegions: string[] = [];
  for (const region of env.regions) {
    const ct = session.client("cloudtrail", region, (cfg) => new CloudTrailClient(cfg));
    const listed = await part(env, `CloudTrail in ${region} (cloudtrail:DescribeTrails)`, () =>
      session.call(`cloudtrail:DescribeTrails ${region}`, () => ct.send(new DescribeTrailsCommand({}))),
    );
    if (!listed) {
      unreadableRegions.push(region);
      continue;
    }
    for (const t of listed.trailList ?? []) {
      const arn = t.TrailARN;
      if (!arn || seen.has(arn)) continue;
      const status = await part(env, `CloudTrail status of ${t.Name} (cloudtrail:GetTrailStatus)`, () =>
        session.call(`cloudtrail:GetTrailStatus ${t.Name} ${region}`, () =>
          ct.send(new GetTrailStatusCommand({ Name: arn })),
        ),
      );
      seen.set(arn, {
        type: "trail",
        externalId: arn,
        name: t.Name ?? arn,
        attributes: { ...plain(t), status: status ? plain(status) : null, is_logging: status?.IsLogging ?? null },
      });
    }
  }
  return { trails: [...seen.values()], unreadableRegions };
}

/** What the account-level CloudTrail test needs: the trails that are multi-region, validated and logging. */
export function trailSummary(scan: TrailScan) {
  const a = (t: ResourceInput) => t.attributes;
  return {
    trails: scan.trails.map((t) => t.externalId),
    compliant_trails: scan.trails
      .filter((t) => a(t).IsMultiRegionTrail === true && a(t).LogFileValidationEnabled === true && a(t).is_logging)
      .map((t) => t.externalId),
    multi_region_trails: scan.trails.filter((t) => a(t).IsMultiRegionTrail === true).map((t) => t.name),
    unreadable_regions: scan.unreadableRegions,
  };
}

async function bucketDetails(env: CollectorEnv, b: Bucket, listRegion: string): Promise<ResourceInput> {
  const { session } = env;
  const name = b.Name!;
  // Bucket calls must go to the bucket's own region (ListBuckets says which).
  const region = b.BucketRegion ?? listRegion;
  const s3 = session.client("s3", region, (cfg) => new S3Client(cfg));
  const pab = await part(env, `S3 public access block of ${name} (s3:GetBucketPublicAccessBlock)`, async () => {
    try {
      const out = await session.call(`s3:GetPublicAccessBlock ${name}`, () =>
        s3.send(new GetPublicAccessBlockCommand({ Bucket: name })),
      );
      return { config: plain(out.PublicAccessBlockConfiguration) };
    } catch (err) {
      if (isNotFound(err, "NoSuchPublicAccessBlockConfiguration")) return { config: null };
      throw err;
    }
  });
  const enc = await part(env, `S3 default encryption of ${name} (s3:GetEncryptionConfiguration)`, async () => {
    try {
      const out = await session.call(`s3:GetBucketEncryption ${name}`, () =>
        s3.send(new GetBucketEncryptionCommand({ Bucket: name })),
      );
      return { rules: (out.ServerSideEncryptionConfiguration?.Rules ?? []).map((r) => plain(r)) };
    } catch (err) {
      if (isNotFound(err, "ServerSideEncryptionConfigurationNotFoundError")) return { rules: [] };
      throw err;
    }
  });
  const algorithms = enc
    ? enc.rules
        .map((r) => (r.ApplyServerSideEncryptionByDefault as { SSEAlgorithm?: string } | undefined)?.SSEAlgorithm)
        .filter((x): x is string => typeof x === "string")
    : null;
  return {
    type: "bucket",
    externalId: name,
    name,
    attributes: {
      ...plain(b),
      region,
      public_access_block_readable: pab !== null,
      public_access_block: pab?.config ?? null,
      encryption_readable: enc !== null,
      encryption_rules: enc?.rules ?? null,
      encryption_algorithms: algorithms,
    },
  };
}

/** Every bucket of the account (ListBuckets is global), one batch per page. */
export async function* buckets(env: CollectorEnv): AsyncGenerator<ResourceInput[], void, void> {
  const listRegion = env.regions[0]!;
  const s3 = env.session.client("s3", listRegion, (cfg) => new S3Client(cfg));
  try {
    for await (const page of paginate(env.session.retry, "s3:ListBuckets", async (token) => {
      const out = await s3.send(new ListBucketsCommand(token ? { ContinuationToken: token } : {}));
      return { items: out.Buckets ?? [], next: out.ContinuationToken ?? null };
    })) {
      const batch: ResourceInput[] = [];
      for (const b of page) if (b.Name) batch.push(await bucketDetails(env, b, listRegion));
      await env.progress(`S3: ${batch.length} buckets read`);
      yield batch;
    }
  } catch (err) {
    if (!warnDenied(env, "S3 buckets (s3:ListAllMyBuckets)", err)) throw err;
  }
}
