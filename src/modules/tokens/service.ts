import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { apiTokens, organizations, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { type Page, pageOffset } from "../../kernel/http/schemas.ts";
import { can } from "../../kernel/policies.ts";
import { badRequest, forbidden, notFound } from "../../platform/errors.ts";
import { randomToken, sha256Hex } from "../../platform/tokens.ts";
import { tokenCreated, tokenRevoked } from "./events.ts";
import { API_TOKEN_PREFIX, tokenDisplayPrefix } from "./resolve.ts";
import { ledgerView } from "./revoke.ts";
import { type ApiToken, type CreateToken, TOKEN_DEFAULT_DAYS } from "./schema.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;
const DAY_MS = 86_400_000;

const columns = {
  t: apiTokens,
  user: { id: users.id, name: users.name, email: users.email },
};
const toItem = ({ t, user }: { t: typeof apiTokens.$inferSelect; user: ApiToken["user"] }): ApiToken => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scope: t.scope as ApiToken["scope"],
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  createdAt: t.createdAt,
  revokedAt: t.revokedAt,
  user,
});

export function createTokensService({ db }: { db: Db }) {
  async function load(organizationId: string, id: string, tx: Db = db) {
    const [row] = await tx
      .select(columns)
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.id, id), eq(apiTokens.organizationId, organizationId)));
    return row ?? null;
  }

  /** When the new token stops working: a token may only create tokens that do not outlive it. */
  async function expiryFor(actor: OrgActor, days: number | undefined): Promise<Date> {
    const wanted = new Date(Date.now() + (days ?? TOKEN_DEFAULT_DAYS) * DAY_MS);
    if (actor.kind !== "token" || !actor.tokenId) return wanted;
    const creator = await load(actor.organizationId, actor.tokenId);
    const limit = creator?.t.expiresAt;
    if (!limit || wanted <= limit) return wanted;
    if (days === undefined) return limit;
    const left = Math.floor((limit.getTime() - Date.now()) / DAY_MS);
    throw badRequest(
      "expiry_too_long",
      `A token cannot create a token that outlives it: the token you are using expires on ${limit.toISOString()}. Ask for at most ${left} day(s), or create the token in the web app.`,
    );
  }

  return {
    async list(actor: OrgActor, opts: Page & { all: boolean }) {
      if (opts.all && !can(actor, "tokens.manage_all"))
        throw forbidden("Only owners and admins can see everyone's tokens. Leave out all=true to see your own.");
      const conditions: SQL[] = [eq(apiTokens.organizationId, actor.organizationId)];
      if (!opts.all) conditions.push(eq(apiTokens.userId, actor.userId));
      const where = and(...conditions);
      const [rows, [total]] = await Promise.all([
        db
          .select(columns)
          .from(apiTokens)
          .innerJoin(users, eq(users.id, apiTokens.userId))
          .where(where)
          .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
          .limit(opts.pageSize)
          .offset(pageOffset(opts)),
        db.select({ n: count() }).from(apiTokens).where(where),
      ]);
      return { items: rows.map(toItem), total: total?.n ?? 0, page: opts.page, pageSize: opts.pageSize };
    },

    /** Creates a token for the actor in their organization; the secret is returned here and never again. */
    async create(actor: OrgActor, input: CreateToken) {
      if (input.scope === "write" && !can(actor, "tokens.write_scope"))
        throw forbidden(
          actor.kind === "token" && actor.scope !== "write"
            ? "A read-only token cannot create write tokens."
            : "Your role can only create read-only tokens. Choose the read scope.",
        );
      const expiresAt = await expiryFor(actor, input.expiresInDays);
      const secret = randomToken(API_TOKEN_PREFIX);
      const row = await change(db, actor, async ({ tx, emit }) => {
        const [t] = await tx
          .insert(apiTokens)
          .values({
            id: newId(),
            organizationId: actor.organizationId,
            userId: actor.userId,
            name: input.name,
            tokenHash: sha256Hex(secret),
            prefix: tokenDisplayPrefix(secret),
            scope: input.scope,
            expiresAt,
          })
          .returning();
        await emit(tokenCreated, { id: t!.id, after: ledgerView(t!) });
        return t!;
      });
      return { ...toItem({ t: row, user: { id: actor.userId, name: actor.name, email: actor.email } }), secret };
    },

    /** Own tokens for everyone; anyone's in the organization with tokens.manage_all. Revoking twice is a no-op. */
    async revoke(actor: OrgActor, id: string) {
      await change(db, actor, async ({ tx, emit, now }) => {
        const found = await load(actor.organizationId, id, tx);
        if (!found || (found.t.userId !== actor.userId && !can(actor, "tokens.manage_all")))
          throw notFound("API token");
        if (found.t.revokedAt) return;
        const [after] = await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).returning();
        await emit(tokenRevoked, { id, before: ledgerView(found.t), after: ledgerView(after!) });
      });
    },

    /** The token making the request, with its person, organization and role (what `assay login` shows). */
    async current(actor: OrgActor) {
      if (actor.kind !== "token" || !actor.tokenId)
        throw badRequest(
          "not_a_token",
          "This endpoint describes the API token you call it with. Send it as Authorization: Bearer <token>.",
        );
      const found = await load(actor.organizationId, actor.tokenId);
      if (!found) throw notFound("API token");
      const [org] = await db
        .select({ id: organizations.id, name: organizations.name, slug: organizations.slug })
        .from(organizations)
        .where(eq(organizations.id, actor.organizationId));
      return { token: toItem(found), organization: org!, role: actor.role as Role };
    },
  };
}
