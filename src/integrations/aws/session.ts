/**
 * One AWS session for a test or a sync: the credentials (the connection's key, or a role assumed with it), one
 * SDK client per service and region, and `call`, which runs an SDK call under the framework's retry policy.
 * SDK retries are off (maxAttempts 1) so that ctx.retry alone decides, honouring Retry-After.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { HttpHandler } from "@smithy/core/protocols";
import type { AwsCredentialIdentity } from "@smithy/types";
import { classifyAwsError } from "./errors.ts";

export type Retry = <T>(what: string, call: () => Promise<T>) => Promise<T>;

export interface AwsSecretsInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  externalId?: string | undefined;
}

export interface BaseClientConfig {
  region: string;
  credentials: AwsCredentialIdentity;
  maxAttempts: number;
  requestHandler?: HttpHandler;
}

interface Destroyable {
  destroy(): void;
}

export interface AwsSession {
  accountId: string;
  callerArn: string;
  /** A client for `service` in `region`, created once. */
  client<C extends Destroyable>(service: string, region: string, make: (cfg: BaseClientConfig) => C): C;
  /** One SDK call with retries; SDK errors come out as the framework's kinds (see errors.ts). */
  call<T>(what: string, send: () => Promise<T>): Promise<T>;
  /** `retry` for `paginate()`, with the same error mapping. */
  retry: Retry;
  close(): void;
}

/** Opens a session: assumes the role when one is set, then asks STS who we are. */
export async function openSession(
  opts: { roleArn?: string | undefined; homeRegion: string; requestHandler?: HttpHandler | undefined },
  secrets: AwsSecretsInput,
  retry: Retry,
): Promise<AwsSession> {
  const clients = new Map<string, Destroyable>();
  const call = <T>(what: string, send: () => Promise<T>) =>
    retry(what, () =>
      send().catch((err: unknown) => {
        throw classifyAwsError(err, what);
      }),
    );
  const configFor = (region: string, credentials: AwsCredentialIdentity): BaseClientConfig => ({
    region,
    // Explicit credentials: the SDK never falls back on this server's own environment, profile or instance role.
    credentials,
    maxAttempts: 1,
    ...(opts.requestHandler ? { requestHandler: opts.requestHandler } : {}),
  });
  let credentials: AwsCredentialIdentity = {
    accessKeyId: secrets.accessKeyId,
    secretAccessKey: secrets.secretAccessKey,
    ...(secrets.sessionToken ? { sessionToken: secrets.sessionToken } : {}),
  };
  try {
    if (opts.roleArn) {
      const sts = new STSClient(configFor(opts.homeRegion, credentials));
      clients.set("sts-base", sts);
      const roleArn = opts.roleArn;
      const out = await call(`sts:AssumeRole ${roleArn}`, () =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: "assay-monitoring",
            DurationSeconds: 3600,
            ...(secrets.externalId ? { ExternalId: secrets.externalId } : {}),
          }),
        ),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole ${roleArn} returned no credentials.`);
      credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      };
    }
    const sts = new STSClient(configFor(opts.homeRegion, credentials));
    clients.set(`sts:${opts.homeRegion}`, sts);
    const me = await call("sts:GetCallerIdentity", () => sts.send(new GetCallerIdentityCommand({})));
    if (!me.Account || !me.Arn) throw new Error("sts:GetCallerIdentity returned no account.");
    const frozen = credentials;
    return {
      accountId: me.Account,
      callerArn: me.Arn,
      client(service, region, make) {
        const key = `${service}:${region}`;
        let c = clients.get(key);
        if (!c) {
          c = make(configFor(region, frozen));
          clients.set(key, c);
        }
        return c as ReturnType<typeof make>;
      },
      call,
      retry: call,
      close: () => closeAll(clients),
    };
  } catch (err) {
    closeAll(clients);
    throw err;
  }
}

function closeAll(clients: Map<string, Destroyable>) {
  for (const c of clients.values()) c.destroy();
  clients.clear();
}
