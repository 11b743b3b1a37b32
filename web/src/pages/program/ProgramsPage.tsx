import { Badge, Button, Card, Group, List, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowRight, IconPlus, IconRocket, IconShieldCheck } from "@tabler/icons-react";
import { Link } from "react-router";
import type { Program } from "../../api/models/program.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ReadOnlyNotice } from "../../components/ReadOnlyNotice.tsx";
import { usePrograms } from "../../program/queries.ts";
import { useCan } from "../../session.tsx";
import { CreateProgramModal } from "./CreateProgramModal.tsx";
import { periodLabel } from "./period.ts";

const STEPS = [
  "Scope the audit: report type, period, categories and the system",
  "Answer the self-assessment to see where you stand",
  "Adopt controls from the library and assign owners",
  "Close the gaps with a remediation plan, then track readiness",
];

function FirstProgram({ onCreate }: { onCreate?: () => void }) {
  return (
    <Card withBorder padding="xl" maw={720} mx="auto" mt="xl">
      <Stack align="center" ta="center" gap="md">
        <ThemeIcon size={56} radius="xl" variant="light">
          <IconRocket size={30} stroke={1.6} />
        </ThemeIcon>
        <Title order={1} fz={26}>
          Create your SOC 2 program
        </Title>
        <Text c="dimmed" maw={520}>
          Assay walks you from a blank page to an audit-ready program. It takes a few minutes to set up and you can
          change every answer later.
        </Text>
        <List spacing="xs" ta="left" icon={<IconShieldCheck size={18} color="var(--mantine-color-teal-6)" />}>
          {STEPS.map((s) => (
            <List.Item key={s}>
              <Text size="sm">{s}</Text>
            </List.Item>
          ))}
        </List>
        {onCreate ? (
          <Button size="md" onClick={onCreate} leftSection={<IconPlus size={18} />}>
            Create your SOC 2 program
          </Button>
        ) : (
          <ReadOnlyNotice>
            No program yet. An owner, admin or compliance manager can create the organization's SOC 2 program.
          </ReadOnlyNotice>
        )}
      </Stack>
    </Card>
  );
}

function ProgramCard({ p }: { p: Program }) {
  return (
    <Card withBorder padding="lg" component={Link} to={`/programs/${p.id}`} style={{ textDecoration: "none" }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4}>
          <Text fw={600}>{p.name}</Text>
          <Text size="sm" c="dimmed">
            {periodLabel(p)}
          </Text>
        </Stack>
        <IconArrowRight size={18} color="var(--mantine-color-dimmed)" aria-hidden />
      </Group>
      <Group gap="xs" mt="md">
        <Badge variant="light">{p.reportType === "type2" ? "Type II" : "Type I"}</Badge>
        <Badge variant="light" color="gray">
          {p.controlCount} controls
        </Badge>
        {!p.scopedAt && (
          <Badge variant="light" color="yellow">
            Scoping not finished
          </Badge>
        )}
      </Group>
    </Card>
  );
}

/** /programs: every program of the organization, or the guided first step when there is none. */
export function ProgramsPage() {
  const can = useCan();
  const programs = usePrograms();
  const [creating, { open, close }] = useDisclosure(false);
  const manage = can("programs.manage");
  if (!can("programs.read"))
    return (
      <ReadOnlyNotice>Your role does not include the compliance program. Your tasks appear on Home.</ReadOnlyNotice>
    );
  const items = programs.data?.items ?? [];
  return (
    <>
      {programs.isPending ? (
        <Skeleton h={240} />
      ) : programs.isError ? (
        <ErrorAlert error={programs.error} />
      ) : items.length === 0 ? (
        <FirstProgram onCreate={manage ? open : undefined} />
      ) : (
        <>
          <PageHeader
            title="Programs"
            description="Each program is one audit cycle with its own scope, controls, readiness and remediation plan."
            actions={
              manage && (
                <Button leftSection={<IconPlus size={16} />} onClick={open}>
                  New program
                </Button>
              )
            }
          />
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {items.map((p) => (
              <ProgramCard key={p.id} p={p} />
            ))}
          </SimpleGrid>
        </>
      )}
      {manage && <CreateProgramModal opened={creating} onClose={close} />}
    </>
  );
}
