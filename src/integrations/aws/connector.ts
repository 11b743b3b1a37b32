/**
 * AWS account posture through the official SDK v3, read-only: IAM (root MFA, password policy, users' MFA and
 * access keys), CloudTrail, S3, RDS, EBS default encryption, GuardDuty, security groups and KMS keys, for each
 * configured region. `createAwsConnector({ requestHandler })` swaps the SDK's HTTP transport (tests replay
 * recorded responses through it); the registered connector uses the SDK's own.
 */
import { GetAccountSummaryCommand, IAMClient } from "@aws-sdk/client-iam";
import type { HttpHandler } from "@smithy/core/protocols";
import { withRetry } from "../retry.ts";
import { type Connector, ConnectorError, type ResourceInput } from "../types.ts";
import type { CollectorEnv } from "./collectors/common.ts";
import { accountFacts, users } from "./collectors/iam.ts";
import { dbInstances, kmsKeys, regionSetting, securityGroups } from "./collectors/regional.ts";
import { buckets, trailSummary, trails } from "./collectors/storage.ts";
import { type AwsConfig, type AwsSecrets, awsDefinition } from "./definition.ts";
import { AwsAccessDenied, PERMISSIONS_GUIDANCE } from "./errors.ts";
import { openSession } from "./session.ts";
import { awsTests } from "./tests.ts";

export { type AwsConfig, type AwsSecrets, awsConfig, awsSecrets } from "./definition.ts";

export interface AwsConnectorOptions {
  /** The SDK's HTTP transport; default: the SDK's own (Node https). */
  requestHandler?: HttpHandler;
  /** The clock for key ages (tests fix it). */
  now?: () => Date;
}

/** A connection problem as the test-connection answer. */
function explainTest(err: unknown): { ok: false; error: string; guidance: string } {
  if (err instanceof ConnectorError) return { ok: false, error: err.message, guidance: err.guidance };
  if (err instanceof AwsAccessDenied)
    return { ok: false, error: `AWS denied the request: ${err.message}`, guidance: PERMISSIONS_GUIDANCE };
  return {
    ok: false,
    error: `Could not reach AWS: ${(err as Error).message}`,
    guidance: "Check that this server can reach the AWS endpoints (https, port 443; proxy and firewall rules).",
  };
}

function roleGuidance(err: unknown, roleArn: string | undefined) {
  if (!roleArn || !(err instanceof AwsAccessDenied) || !/AssumeRole/.test(err.message)) return null;
  return {
    ok: false as const,
    error: `The key may not assume ${roleArn}: ${err.message}`,
    guidance:
      "Allow it both ways: the role's trust policy must name this user (and the external id, if one is set), and the user needs sts:AssumeRole on the role's ARN.",
  };
}

export function createAwsConnector(options: AwsConnectorOptions = {}): Connector<AwsConfig, AwsSecrets> {
  const open = (config: AwsConfig, secrets: AwsSecrets, retry: Parameters<typeof openSession>[2]) =>
    openSession(
      { roleArn: config.roleArn, homeRegion: config.regions[0]!, requestHandler: options.requestHandler },
      secrets,
      retry,
    );
  return {
    ...awsDefinition,

    async testConnection(config, secrets) {
      // A test answers quickly: a throttled call is tried twice, not for minutes.
      const retry = <T>(what: string, call: () => Promise<T>) => withRetry(what, call, { attempts: 2, baseMs: 200 });
      let session: Awaited<ReturnType<typeof open>> | null = null;
      try {
        session = await open(config, secrets, retry);
        // GetCallerIdentity needs no permission; one read call shows whether the audit permissions are there.
        const iam = session.client("iam", config.regions[0]!, (cfg) => new IAMClient(cfg));
        await session.call("iam:GetAccountSummary", () => iam.send(new GetAccountSummaryCommand({})));
        return {
          ok: true,
          message: `Connected to account ${session.accountId} as ${session.callerArn}.`,
          details: { accountId: session.accountId, arn: session.callerArn, regions: config.regions },
        };
      } catch (err) {
        return roleGuidance(err, config.roleArn) ?? explainTest(err);
      } finally {
        session?.close();
      }
    },

    async *collect(ctx) {
      const { config } = ctx;
      await ctx.progress("connecting to AWS");
      let session: Awaited<ReturnType<typeof open>>;
      try {
        session = await open(config, ctx.secrets, ctx.retry);
      } catch (err) {
        const role = roleGuidance(err, config.roleArn);
        if (role) throw new ConnectorError(role.error, role.guidance);
        if (err instanceof AwsAccessDenied)
          throw new ConnectorError(`AWS denied the request: ${err.message}`, PERMISSIONS_GUIDANCE);
        throw err;
      }
      const env: CollectorEnv = {
        session,
        regions: config.regions,
        warn: ctx.warn,
        progress: ctx.progress,
        signal: ctx.signal,
      };
      try {
        // Trails first: the account's CloudTrail verdict needs all of them.
        await ctx.progress("reading IAM account settings and CloudTrail");
        const facts = await accountFacts(env);
        const trailScan = await trails(env);
        const account: ResourceInput = {
          type: "aws_account",
          externalId: session.accountId,
          name: `AWS account ${session.accountId}`,
          attributes: {
            account_id: session.accountId,
            caller_arn: session.callerArn,
            regions: config.regions,
            ...facts,
            cloudtrail: trailSummary(trailScan),
          },
        };
        yield [account];
        if (trailScan.trails.length) yield trailScan.trails;
        yield* users(env);
        yield* buckets(env);
        for (const region of config.regions) {
          if (ctx.signal.aborted) return;
          await ctx.progress(`reading ${region}`);
          yield [await regionSetting(env, region)];
          yield* dbInstances(env, region);
          yield* securityGroups(env, region);
          yield* kmsKeys(env, region);
        }
      } finally {
        session.close();
      }
    },

    tests: awsTests(options.now),
  };
}

export const awsConnector = createAwsConnector();
