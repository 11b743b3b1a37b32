import { hash, verify } from "@node-rs/argon2";

/** argon2id with OWASP's second recommended profile (19 MiB, 2 passes). */
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id: a const enum, not importable under verbatimModuleSyntax */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const hashPassword = (password: string) => hash(password, OPTIONS);

/** How long a verification takes on this machine lately (moving average, ms). */
let typicalVerifyMs = 0;

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const started = performance.now();
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  } finally {
    const took = performance.now() - started;
    typicalVerifyMs = typicalVerifyMs ? typicalVerifyMs * 0.8 + took * 0.2 : took;
  }
}

/**
 * Waits about as long as a verification takes, without doing one: an answer that skips the check on purpose (a
 * locked account) must not come back faster than one that made it, or its timing would tell them apart.
 */
export const waitAsLongAsAVerification = () => new Promise((resolve) => setTimeout(resolve, typicalVerifyMs));

/** A real hash of a random string: verifying against it costs the same as a real check (no user enumeration by timing). */
export const DUMMY_HASH = await hashPassword(`dummy-${Math.random()}`);
await verifyPassword(DUMMY_HASH, "a first measurement");
