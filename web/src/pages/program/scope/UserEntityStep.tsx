import { ActionIcon, Button, Group, Paper, Stack, Text, Textarea, Tooltip } from "@mantine/core";
import { IconPlus, IconTrash, IconUsersGroup } from "@tabler/icons-react";
import { Empty } from "../../../components/Empty.tsx";
import { CriteriaMultiSelect } from "../../../components/program/Pickers.tsx";
import { useListKeys } from "../../../lib/use-list-keys.ts";
import type { Draft, SetScope } from "./draft.ts";

const EXAMPLES = [
  "Customers manage who in their organization has access to their account and remove people who leave.",
  "Customers keep their API keys secret and rotate them when they may have leaked.",
];

/** Complementary user entity controls: what customers must do for your controls to work. */
export function UserEntityStep({ draft, setScope }: { draft: Draft; setScope: SetScope }) {
  const list = draft.scope.userEntityControls;
  const { keys, removed } = useListKeys(list.length);
  const update = (i: number, patch: Partial<(typeof list)[number]>) =>
    setScope({ userEntityControls: list.map((u, j) => (j === i ? { ...u, ...patch } : u)) });
  const add = (description = "") => setScope({ userEntityControls: [...list, { description, criteria: [] }] });
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Complementary user entity controls (CUECs) are the things your customers must do themselves for your controls to
        achieve their goals. The report lists them so customers know their part.
      </Text>
      {list.length === 0 && (
        <Empty
          icon={<IconUsersGroup size={26} />}
          title="No customer responsibilities listed"
          description="Common ones are shown below; add them with one click and adjust the wording."
        />
      )}
      {list.map((u, i) => (
        <Paper key={keys[i]} withBorder p="md">
          <Group align="flex-start" wrap="nowrap">
            <Stack gap="sm" style={{ flex: 1 }}>
              <Textarea
                label={`Customer responsibility ${i + 1}`}
                autosize
                minRows={2}
                value={u.description}
                onChange={(e) => update(i, { description: e.currentTarget.value })}
                maxLength={2000}
              />
              <CriteriaMultiSelect
                label="Related criteria"
                placeholder="Optional, e.g. CC6.2"
                value={u.criteria}
                onChange={(criteria) => update(i, { criteria })}
                inScope={["security", ...draft.categories]}
              />
            </Stack>
            <Tooltip label="Remove">
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                mt={26}
                aria-label={`Remove customer responsibility ${i + 1}`}
                onClick={() => {
                  removed(i);
                  setScope({ userEntityControls: list.filter((_, j) => j !== i) });
                }}
              >
                <IconTrash size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Paper>
      ))}
      <Group gap="xs">
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => add()}>
          Add customer responsibility
        </Button>
        {EXAMPLES.filter((e) => !list.some((u) => u.description === e)).map((e) => (
          <Button key={e} variant="subtle" size="xs" onClick={() => add(e)} title={e}>
            + {e.split(" ").slice(1, 6).join(" ")}…
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
