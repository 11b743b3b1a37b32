import { Alert, Anchor, Badge, Card, Group, Progress, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowRight,
  IconCircleCheck,
  IconClipboardCheck,
  IconDeviceLaptop,
  IconFileText,
  IconListCheck,
  IconSchool,
  IconUserQuestion,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import type { ComponentType } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { Portal, PortalTask } from "../../api/models/portal.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDay } from "../../components/Time.tsx";
import { useSession } from "../../session.tsx";
import { portalKeys } from "./queries.ts";

const KIND_ICONS: Record<string, ComponentType<{ size?: number; stroke?: number }>> = {
  policy: IconFileText,
  training: IconSchool,
  device: IconDeviceLaptop,
  checklist: IconClipboardCheck,
};

const STATE_BADGE: Record<PortalTask["state"], { color: string; label: string }> = {
  overdue: { color: "red", label: "Overdue" },
  open: { color: "blue", label: "To do" },
  done: { color: "teal", label: "Done" },
};

function due(task: PortalTask) {
  if (task.state === "done") return task.doneAt ? `Done ${formatDay(task.doneAt)}` : "Done";
  if (!task.dueDate) return "No deadline";
  const days = dayjs(task.dueDate).diff(dayjs().startOf("day"), "day");
  const date = dayjs(task.dueDate).format("D MMM YYYY");
  if (days < 0) return `Was due ${date} (${-days} ${days === -1 ? "day" : "days"} ago)`;
  if (days === 0) return `Due today`;
  return `Due ${date} (in ${days} ${days === 1 ? "day" : "days"})`;
}

function TaskRow({ task }: { task: PortalTask }) {
  const Icon = KIND_ICONS[task.kind] ?? IconListCheck;
  const badge = STATE_BADGE[task.state];
  return (
    <Card
      withBorder
      padding="md"
      component={Link}
      to={task.href}
      style={{ textDecoration: "none" }}
      data-testid={`task-${task.module}-${task.id}`}
    >
      <Group wrap="nowrap" gap="md" align="center">
        <ThemeIcon variant="light" size={38} radius="md" color={task.state === "done" ? "teal" : badge.color}>
          {task.state === "done" ? <IconCircleCheck size={20} /> : <Icon size={20} stroke={1.7} />}
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {task.title}
          </Text>
          <Text size="sm" c={task.state === "overdue" ? "red.8" : "dimmed"}>
            {due(task)}
          </Text>
        </Stack>
        <Badge color={badge.color} variant="light">
          {badge.label}
        </Badge>
        <IconArrowRight size={18} stroke={1.5} color="var(--mantine-color-dimmed)" aria-hidden />
      </Group>
    </Card>
  );
}

function Summary({ view }: { view: Portal }) {
  const c = view.compliance!;
  const total = c.open + c.overdue + c.done;
  const color = c.state === "compliant" ? "teal" : c.state === "overdue" ? "red" : "blue";
  return (
    <Card withBorder padding="lg" mb="lg">
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={4} style={{ flex: "1 1 320px" }}>
          <Group gap="xs">
            <Title order={2} fz="lg">
              {c.state === "compliant"
                ? "You are all set"
                : c.state === "overdue"
                  ? "Some tasks are overdue"
                  : "You have tasks to do"}
            </Title>
            <Badge color={color} variant="light" data-testid="portal-status">
              {c.state === "compliant" ? "Compliant" : c.state === "overdue" ? "Overdue" : "Due"}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {c.reason}
          </Text>
        </Stack>
        {total > 0 && (
          <Stack gap={4} w={220}>
            <Text size="sm" fw={500}>
              {c.done} of {total} done
            </Text>
            <Progress value={(c.done / total) * 100} color={color} aria-label={`${c.done} of ${total} tasks done`} />
          </Stack>
        )}
      </Group>
    </Card>
  );
}

/** /portal — what the compliance program asks of the signed-in person, from every module, with deep links. */
export function PortalPage() {
  const { user, organization } = useSession();
  const query = useQuery({ queryKey: portalKeys.me, queryFn: () => api.GET("/api/v1/portal") });
  const view = query.data;
  const outstanding = view?.tasks.filter((t) => t.state !== "done") ?? [];
  const done = view?.tasks.filter((t) => t.state === "done") ?? [];
  return (
    <>
      <PageHeader
        title="My tasks"
        description={`What ${organization?.name ?? "your organization"}'s security program asks of you: policies to accept, training to take, onboarding steps and your devices. Each task opens the page where you do it.`}
      />
      {query.error && <ErrorAlert error={query.error} />}
      {query.isPending && (
        <Stack>
          <Skeleton h={90} />
          <Skeleton h={64} />
          <Skeleton h={64} />
        </Stack>
      )}
      {view && !view.person && (
        <Empty
          icon={<IconUserQuestion size={22} />}
          title="Nothing is asked of you yet"
          description={`${user?.email ?? "Your account"} is not in the people directory, so no policies, training or checklists are assigned to you. If you work here, ask your compliance manager to add you.`}
        />
      )}
      {view?.person && (
        <>
          <Summary view={view} />
          {outstanding.some((t) => t.state === "overdue") && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} mb="md" title="Overdue work">
              Auditors check that these are done on time. Please finish them first.
            </Alert>
          )}
          <Title order={2} fz="md" mb="sm">
            To do
          </Title>
          {outstanding.length === 0 ? (
            <Text c="dimmed" size="sm" mb="lg">
              Nothing to do right now. New policies and yearly training will appear here, and you will get an email.
            </Text>
          ) : (
            <Stack gap="sm" mb="xl">
              {outstanding.map((t) => (
                <TaskRow key={`${t.module}:${t.id}`} task={t} />
              ))}
            </Stack>
          )}
          {done.length > 0 && (
            <>
              <Title order={2} fz="md" mb="sm">
                Done
              </Title>
              <Stack gap="sm">
                {done.map((t) => (
                  <TaskRow key={`${t.module}:${t.id}`} task={t} />
                ))}
              </Stack>
            </>
          )}
          <Text size="xs" c="dimmed" mt="xl">
            Signed in as {view.person.fullName} ({view.person.email}).{" "}
            <Anchor component={Link} to="/account" size="xs" underline="always">
              Your account
            </Anchor>
          </Text>
        </>
      )}
    </>
  );
}
