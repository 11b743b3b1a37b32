import { Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconChecklist } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { MyStep } from "../../api/models/people.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { CompleteStepModal } from "./CompleteStepModal.tsx";
import { STEP_STATE } from "./labels.ts";

/** The portal's on- and offboarding steps assigned to the signed-in member (one step when the URL names it). */
export function MyStepsPage() {
  const { itemId } = useParams();
  const [completing, setCompleting] = useState<MyStep | null>(null);
  const q = useQuery({ queryKey: ["people", "my-steps"], queryFn: () => api.GET("/api/v1/people/my-steps") });
  const steps = (q.data?.items ?? []).filter((s) => !itemId || s.id === itemId);
  return (
    <>
      <PageHeader
        title="My checklist steps"
        description="On- and offboarding steps assigned to you: yours, or those of people you manage."
        actions={
          itemId && (
            <Anchor component={Link} to="/portal/tasks/checklist" size="sm">
              All my steps
            </Anchor>
          )
        }
      />
      <ErrorAlert error={q.error} />
      {q.isPending ? (
        <Skeleton h={200} />
      ) : !steps.length ? (
        <Empty icon={<IconChecklist size={24} />} title="No steps assigned to you" />
      ) : (
        <Stack>
          {steps.map((s) => (
            <Card withBorder key={s.id}>
              <Group justify="space-between" align="flex-start">
                <div>
                  <Title order={2} fz="md">
                    {s.title}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {s.checklist === "onboarding" ? "Onboarding" : "Offboarding"} of {s.personName} · due{" "}
                    {formatDateTime(s.dueAt)}
                  </Text>
                </div>
                <Group gap="xs">
                  <Badge variant="light" color={STEP_STATE[s.state].color}>
                    {STEP_STATE[s.state].label}
                  </Badge>
                  {s.state !== "done" && !s.satisfiedBy && (
                    <Button size="xs" onClick={() => setCompleting(s)}>
                      Complete
                    </Button>
                  )}
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <CompleteStepModal step={completing} onClose={() => setCompleting(null)} />
    </>
  );
}
