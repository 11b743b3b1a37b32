/** Sessions, accounts, organizations, members, invitations and tokens, as the API answers them (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type SessionInfo = ResponseOf<"/api/v1/auth/session">;
export type SignInResult = ResponseOf<"/api/v1/auth/sign-in", "post">;
export type Membership = SessionInfo["memberships"][number];
export type Account = ResponseOf<"/api/v1/account">;
export type MfaEnrollment = ResponseOf<"/api/v1/account/mfa/totp", "post">;

export type OrganizationSummary = ItemOf<ResponseOf<"/api/v1/organizations">>;
export type OrganizationProfile = ResponseOf<"/api/v1/organization">;
export type SecuritySettings = ResponseOf<"/api/v1/organization/security">;

export type Member = ItemOf<ResponseOf<"/api/v1/members">>;
export type Invitation = ItemOf<ResponseOf<"/api/v1/invitations">>;
export type InvitationLookup = ResponseOf<"/api/v1/invitations/lookup/{token}">;
export type ApiToken = ItemOf<ResponseOf<"/api/v1/tokens">>;
export type CreatedToken = ResponseOf<"/api/v1/tokens", "post">;
