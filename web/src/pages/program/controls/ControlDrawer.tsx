import { Badge, Drawer, Group, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { ControlStatusExplanation } from "../../../components/program/ControlStatusExplanation.tsx";
import { ControlStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { keys } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";
import { ControlEditForm } from "./ControlEditForm.tsx";
import { ControlHistory } from "./ControlHistory.tsx";
import { ControlOverview } from "./ControlOverview.tsx";
import { type OperatingGap, OperatingGapNotice } from "./OperatingGapNotice.tsx";

/** One control: what it is, why it has its status, its history, and (for those allowed) the edit form. */
export function ControlDrawer({
  programId,
  controlKey,
  onClose,
}: {
  programId: string;
  controlKey: string | undefined;
  onClose: () => void;
}) {
  const control = useQuery({
    queryKey: keys.control(programId, controlKey ?? ""),
    queryFn: () =>
      api.GET("/api/v1/programs/{programId}/controls/{key}", {
        params: { path: { programId, key: controlKey ?? "" } },
      }),
    enabled: !!controlKey,
  });
  const c = control.data;
  // Managers edit any control and control owners their own; other roles have nothing to do on an Edit tab.
  const mayEdit = useCan()("controls.update_own");
  const [saved, setSaved] = useState<OperatingGap | null>(null);
  return (
    <Drawer
      opened={!!controlKey}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Group gap="xs">
          <Text className="assay-mono" fw={700}>
            {controlKey}
          </Text>
          {c && <ControlStatusBadge status={c.status} />}
          {c?.custom && (
            <Badge variant="outline" color="gray" size="sm">
              Custom
            </Badge>
          )}
        </Group>
      }
    >
      {control.isError && <ErrorAlert error={control.error} />}
      {control.isPending && controlKey && <Skeleton h={300} />}
      {c && (
        <Stack gap="md">
          <Title order={2} fz="xl">
            {c.name}
          </Title>
          <Tabs defaultValue="overview" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="overview">Overview</Tabs.Tab>
              <Tabs.Tab value="why">Why this status</Tabs.Tab>
              {mayEdit && <Tabs.Tab value="edit">Edit</Tabs.Tab>}
              <Tabs.Tab value="history">History ({c.history.length})</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="overview" pt="md">
              <ControlOverview programId={programId} c={c} />
            </Tabs.Panel>
            <Tabs.Panel value="why" pt="md">
              <ControlStatusExplanation programId={programId} control={c} />
            </Tabs.Panel>
            {mayEdit && (
              <Tabs.Panel value="edit" pt="md">
                <Stack gap="md">
                  {saved?.key === c.key && <OperatingGapNotice gap={saved} onClose={() => setSaved(null)} />}
                  <ControlEditForm key={c.updatedAt} programId={programId} c={c} onOperatingGap={setSaved} />
                </Stack>
              </Tabs.Panel>
            )}
            <Tabs.Panel value="history" pt="md">
              <ControlHistory history={c.history} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}
