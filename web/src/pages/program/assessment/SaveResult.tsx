import { Alert, Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { Link } from "react-router";
import type { AssessmentResult } from "../../../api/models/program.ts";
import { CONTROL_STATUS } from "../../../program/labels.ts";

/** What a saved section changed: controls that moved and remediation items that were opened. */
export function SaveResult({ programId, result }: { programId: string; result: AssessmentResult }) {
  const moved = result.controlsChanged;
  const created = result.remediationCreated;
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconCircleCheck size={18} />}
      title="Answers saved"
      data-testid="assessment-result"
    >
      <Stack gap={6}>
        {moved.length === 0 && created.length === 0 && (
          <Text size="sm">Nothing else changed: no control was waiting on these answers and no new gap was found.</Text>
        )}
        {moved.length > 0 && (
          <Stack gap={4}>
            <Text size="sm">
              {moved.length} control{moved.length === 1 ? "" : "s"} moved:
            </Text>
            <Group gap={6}>
              {moved.map((c) => (
                <Badge
                  key={c.key}
                  component={Link}
                  to={`/programs/${programId}/controls/${c.key}`}
                  variant="light"
                  color={CONTROL_STATUS[c.status].color}
                  style={{ cursor: "pointer", textTransform: "none" }}
                >
                  {c.key} → {CONTROL_STATUS[c.status].label}
                </Badge>
              ))}
            </Group>
          </Stack>
        )}
        {created.length > 0 && (
          <Text size="sm">
            {created.length} remediation item{created.length === 1 ? "" : "s"} created for the gaps:{" "}
            {created.map((r, i) => (
              <span key={r.id}>
                {i > 0 && ", "}
                <Anchor component={Link} to={`/programs/${programId}/remediation/${r.id}`} size="sm">
                  {r.ref}
                </Anchor>
              </span>
            ))}
            .{" "}
            <Anchor component={Link} to={`/programs/${programId}/remediation`} size="sm">
              Open the remediation plan
            </Anchor>
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
