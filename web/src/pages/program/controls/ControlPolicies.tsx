import { Anchor, Badge, Group, List, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../api/client.ts";
import { useCan } from "../../../session.tsx";
import { orgPolicyKeys } from "../../policies/labels.ts";
import { policyKeys } from "../../policies/PoliciesPage.tsx";

/**
 * The policies a control relies on, by the organization's own policy where it adopted the template (a link, with
 * whether it is published) and by the template's title where it has not — never the bare template id.
 */
export function ControlPolicies({ templateIds }: { templateIds: readonly string[] }) {
  const can = useCan();
  const templates = useQuery({ queryKey: policyKeys.list, queryFn: () => api.GET("/api/v1/content/policies") });
  const adopted = useQuery({
    queryKey: orgPolicyKeys.list,
    queryFn: () => api.GET("/api/v1/policies"),
    enabled: can("policies.read"),
  });
  const titleOf = new Map(templates.data?.items.map((t) => [t.id, t.title]));
  const policyOf = new Map(adopted.data?.items.filter((p) => p.templateId).map((p) => [p.templateId!, p]));
  return (
    <List size="sm" spacing={2}>
      {templateIds.map((id) => {
        const policy = policyOf.get(id);
        if (policy)
          return (
            <List.Item key={id}>
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/policies/${policy.id}`} size="sm">
                  {policy.title}
                </Anchor>
                <Badge size="xs" variant="light" color={policy.currentNumber ? "teal" : "gray"}>
                  {policy.currentNumber ? `published v${policy.currentNumber}` : "not published"}
                </Badge>
              </Group>
            </List.Item>
          );
        return (
          <List.Item key={id}>
            <Text span size="sm">
              {titleOf.get(id) ?? id}
            </Text>
            {adopted.data && (
              <Text span size="xs" c="dimmed">
                {" "}
                · not adopted yet
              </Text>
            )}
          </List.Item>
        );
      })}
    </List>
  );
}
