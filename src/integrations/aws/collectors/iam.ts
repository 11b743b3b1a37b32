/** IAM: the account's root MFA and password policy, and every IAM user with console access, MFA and access keys. */
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  type User,
} from "@aws-sdk/client-iam";
import { paginate } from "../../retry.ts";
import type { ResourceInput } from "../../types.ts";
import { type CollectorEnv, isNotFound, part, plain, warnDenied } from "./common.ts";

// IAM is global: the SDK signs for its home region whatever region the client is given.
const iam = (env: CollectorEnv) => env.session.client("iam", env.regions[0]!, (cfg) => new IAMClient(cfg));

/** Root MFA and the password policy (null when they could not be read). */
export async function accountFacts(env: CollectorEnv) {
  const { session } = env;
  const summary = await part(env, "iam:GetAccountSummary", () =>
    session.call("iam:GetAccountSummary", () => iam(env).send(new GetAccountSummaryCommand({}))),
  );
  const policy = await part(env, "iam:GetAccountPasswordPolicy", async () => {
    try {
      const out = await session.call("iam:GetAccountPasswordPolicy", () =>
        iam(env).send(new GetAccountPasswordPolicyCommand({})),
      );
      return { present: true, policy: plain(out.PasswordPolicy) };
    } catch (err) {
      // NoSuchEntity: the account has no custom password policy (AWS's weak default applies).
      if (isNotFound(err, "NoSuchEntityException", "NoSuchEntity")) return { present: false, policy: null };
      throw err;
    }
  });
  const map = summary?.SummaryMap ?? null;
  return {
    account_summary: map,
    root_mfa_enabled: map ? map.AccountMFAEnabled === 1 : null,
    root_access_keys_present: map ? (map.AccountAccessKeysPresent ?? 0) > 0 : null,
    password_policy_present: policy ? policy.present : null,
    password_policy: policy?.policy ?? null,
  };
}

async function userDetails(env: CollectorEnv, user: User): Promise<ResourceInput> {
  const { session } = env;
  const name = user.UserName!;
  const mfa = await part(env, `iam:ListMFADevices for ${name}`, () =>
    session.call(`iam:ListMFADevices ${name}`, () => iam(env).send(new ListMFADevicesCommand({ UserName: name }))),
  );
  const login = await part(env, `iam:GetLoginProfile for ${name}`, async () => {
    try {
      const out = await session.call(`iam:GetLoginProfile ${name}`, () =>
        iam(env).send(new GetLoginProfileCommand({ UserName: name })),
      );
      return plain(out.LoginProfile);
    } catch (err) {
      if (isNotFound(err, "NoSuchEntityException", "NoSuchEntity")) return { none: true };
      throw err;
    }
  });
  const keys = await part(env, `iam:ListAccessKeys for ${name}`, () =>
    session.call(`iam:ListAccessKeys ${name}`, () => iam(env).send(new ListAccessKeysCommand({ UserName: name }))),
  );
  const devices = mfa ? (mfa.MFADevices ?? []).map((d) => plain(d)) : null;
  return {
    type: "user",
    externalId: user.UserId ?? user.Arn ?? name,
    name,
    attributes: {
      ...plain(user),
      console_access: login === null ? null : !("none" in login),
      login_profile: login && !("none" in login) ? login : null,
      mfa_devices: devices,
      mfa_enabled: devices ? devices.length > 0 : null,
      access_keys: keys ? (keys.AccessKeyMetadata ?? []).map((k) => plain(k)) : null,
    },
  };
}

/** IAM users, one batch per ListUsers page (Marker / IsTruncated). */
export async function* users(env: CollectorEnv): AsyncGenerator<ResourceInput[], void, void> {
  const pages = paginate(env.session.retry, "iam:ListUsers", async (marker) => {
    const out = await iam(env).send(new ListUsersCommand(marker ? { Marker: marker } : {}));
    return { items: out.Users ?? [], next: out.IsTruncated && out.Marker ? out.Marker : null };
  });
  try {
    for await (const page of pages) {
      if (env.signal.aborted) return;
      const batch: ResourceInput[] = [];
      for (const u of page) batch.push(await userDetails(env, u));
      await env.progress(`IAM: ${batch.length} users read`);
      yield batch;
    }
  } catch (err) {
    if (!warnDenied(env, "IAM users (iam:ListUsers)", err)) throw err;
  }
}
