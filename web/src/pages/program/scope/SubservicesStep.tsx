import {
  ActionIcon,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconBuildingCommunity, IconPlus, IconTrash } from "@tabler/icons-react";
import type { SubserviceOrganization } from "../../../api/models/program.ts";
import { Empty } from "../../../components/Empty.tsx";
import { ListEditor } from "../../../components/ListEditor.tsx";
import { useListKeys } from "../../../lib/use-list-keys.ts";
import type { Draft, SetScope } from "./draft.ts";

const COMMON = ["Amazon Web Services", "Google Cloud", "Microsoft Azure", "GitHub", "Okta", "Stripe"];

const blank = (name = ""): SubserviceOrganization => ({
  name,
  services: "",
  method: "carve_out",
  expectedControls: [],
});

/** Vendors that run part of the system for you, and how the report treats them. */
export function SubservicesStep({ draft, setScope }: { draft: Draft; setScope: SetScope }) {
  const list = draft.scope.subserviceOrganizations;
  const { keys, removed } = useListKeys(list.length);
  const update = (i: number, patch: Partial<SubserviceOrganization>) =>
    setScope({ subserviceOrganizations: list.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  const add = (name = "") => setScope({ subserviceOrganizations: [...list, blank(name)] });
  const missing = COMMON.filter((n) => !list.some((o) => o.name === n));
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Subservice organizations run part of your system — a cloud provider, for example. With the <b>carve-out</b>{" "}
        method (the usual one) the report excludes their controls and lists what you expect them to do; with{" "}
        <b>inclusive</b>, their controls are described and tested as part of your report.
      </Text>
      {list.length === 0 && (
        <Empty
          icon={<IconBuildingCommunity size={26} />}
          title="No subservice organizations yet"
          description="Most SaaS companies have at least their cloud provider here."
        />
      )}
      {list.map((o, i) => (
        <Paper key={keys[i]} withBorder p="md">
          <Stack gap="sm">
            <Group align="flex-end" wrap="nowrap">
              <TextInput
                label="Name"
                required
                value={o.name}
                onChange={(e) => update(i, { name: e.currentTarget.value })}
                style={{ flex: 1 }}
                maxLength={200}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id={`method-${i}`}>
                  Method
                </Text>
                <SegmentedControl
                  aria-labelledby={`method-${i}`}
                  value={o.method}
                  onChange={(v) => update(i, { method: v as SubserviceOrganization["method"] })}
                  data={[
                    { value: "carve_out", label: "Carve-out" },
                    { value: "inclusive", label: "Inclusive" },
                  ]}
                />
              </Stack>
              <Tooltip label={`Remove ${o.name || "this organization"}`}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  mb={2}
                  aria-label={`Remove ${o.name || "this organization"}`}
                  onClick={() => {
                    removed(i);
                    setScope({ subserviceOrganizations: list.filter((_, j) => j !== i) });
                  }}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              </Tooltip>
            </Group>
            <Textarea
              label="Services they provide"
              placeholder="e.g. Hosting, managed database, object storage"
              autosize
              minRows={2}
              value={o.services}
              onChange={(e) => update(i, { services: e.currentTarget.value })}
            />
            <ListEditor
              label="Controls you expect them to operate"
              description="Complementary subservice organization controls (CSOCs), listed in the report."
              placeholder="e.g. Physical security of data centers"
              value={o.expectedControls}
              onChange={(expectedControls) => update(i, { expectedControls })}
            />
          </Stack>
        </Paper>
      ))}
      <Group gap="xs">
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => add()}>
          Add subservice organization
        </Button>
        {missing.slice(0, 4).map((n) => (
          <Button key={n} variant="subtle" size="xs" onClick={() => add(n)}>
            + {n}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
