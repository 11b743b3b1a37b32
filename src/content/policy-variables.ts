/**
 * The one list of variables a policy template may use, written `{{name}}` in the Markdown. Each has a
 * default, so every template renders before an organization has said anything about itself; the API fills
 * `company_name` with the signed-in organization's name. docs/policies.md lists the same set for readers.
 */
export const POLICY_VARIABLES = {
  company_name: { default: "Example Company", description: "The organization's legal or trading name." },
  policy_owner: {
    default: "Head of Security",
    description: "The role accountable for the policy: keeps it current and answers questions about it.",
  },
  approver: { default: "Chief Executive Officer", description: "The role that approves the policy and its changes." },
  effective_date: { default: "the date of approval", description: "When this version of the policy takes effect." },
  review_cadence: {
    default: "annually",
    description: "How often the owner reviews the policy (an adverb: annually, every six months).",
  },
  security_contact: {
    default: "security@example.com",
    description: "Where people report security concerns and incidents (an address or channel).",
  },
  privacy_contact: {
    default: "privacy@example.com",
    description: "Where individuals and staff send privacy requests and questions.",
  },
  engineering_lead: {
    default: "Head of Engineering",
    description: "The role that leads engineering and owns production systems.",
  },
  people_lead: {
    default: "Head of People",
    description: "The role that runs hiring, onboarding, offboarding and HR records.",
  },
  it_lead: { default: "IT Lead", description: "The role that manages devices, identity and workplace tools." },
} as const satisfies Record<string, { default: string; description: string }>;

export type PolicyVariableName = keyof typeof POLICY_VARIABLES;
export type PolicyVariables = Partial<Record<PolicyVariableName, string>>;

export const POLICY_VARIABLE_NAMES = Object.keys(POLICY_VARIABLES) as PolicyVariableName[];

export function isPolicyVariable(name: string): name is PolicyVariableName {
  return Object.hasOwn(POLICY_VARIABLES, name);
}

/** Every variable's default, with `overrides` on top (empty or blank overrides keep the default). */
export function policyVariableValues(overrides: PolicyVariables = {}): Record<PolicyVariableName, string> {
  const values = {} as Record<PolicyVariableName, string>;
  for (const name of POLICY_VARIABLE_NAMES) values[name] = overrides[name]?.trim() || POLICY_VARIABLES[name].default;
  return values;
}
