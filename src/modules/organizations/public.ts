/** What other modules may use of organizations, besides its events, policy and schema. */
export { mayCreateOrganizations, type OrganizationCreation } from "./creation.ts";
export { organizationLogo } from "./logo.ts";
export { organizationName } from "./name.ts";
