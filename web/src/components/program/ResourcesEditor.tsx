import { ActionIcon, Button, Group, Input, Select, Stack, TextInput, Tooltip } from "@mantine/core";
import { IconPlus, IconX } from "@tabler/icons-react";
import type { RemediationResource } from "../../api/models/remediation.ts";
import { useListKeys } from "../../lib/use-list-keys.ts";

const KINDS: { value: RemediationResource["kind"]; label: string }[] = [
  { value: "people", label: "People" },
  { value: "budget", label: "Budget" },
  { value: "tool", label: "Tool" },
];
const PLACEHOLDER: Record<RemediationResource["kind"], string> = {
  people: "e.g. Platform team",
  budget: "e.g. €1,200",
  tool: "e.g. Okta",
};

/** What a fix needs, as a short structured list: each resource is people, a budget or a tool, with a note. */
export function ResourcesEditor({
  value,
  onChange,
  error,
  disabled,
}: {
  value: RemediationResource[];
  onChange: (next: RemediationResource[]) => void;
  error?: string;
  disabled?: boolean;
}) {
  const { keys, removed } = useListKeys(value.length);
  const set = (i: number, patch: Partial<RemediationResource>) =>
    onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Input.Wrapper
      label="Resources"
      description="The people, budget and tools the fix needs."
      error={error}
      role="group"
      aria-label="Resources"
    >
      <Stack gap={6} mt={6}>
        {value.map((r, i) => (
          <Group key={keys[i]} gap={6} wrap="nowrap" align="flex-start">
            <Select
              aria-label={`Resource ${i + 1} kind`}
              data={KINDS}
              value={r.kind}
              allowDeselect={false}
              onChange={(kind) => kind && set(i, { kind: kind as RemediationResource["kind"] })}
              disabled={disabled}
              w={120}
            />
            <TextInput
              aria-label={`Resource ${i + 1} name`}
              placeholder={PLACEHOLDER[r.kind]}
              value={r.name}
              onChange={(e) => set(i, { name: e.currentTarget.value })}
              disabled={disabled}
              maxLength={200}
              style={{ flex: 1 }}
            />
            <TextInput
              aria-label={`Resource ${i + 1} detail`}
              placeholder="Detail (optional)"
              value={r.detail}
              onChange={(e) => set(i, { detail: e.currentTarget.value })}
              disabled={disabled}
              maxLength={1000}
              style={{ flex: 1.4 }}
            />
            {!disabled && (
              <Tooltip label="Remove">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={6}
                  aria-label={`Remove resource ${i + 1}`}
                  onClick={() => {
                    removed(i);
                    onChange(value.filter((_, j) => j !== i));
                  }}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        ))}
        {!disabled && value.length < 50 && (
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => onChange([...value, { kind: "people", name: "", detail: "" }])}
            >
              Add resource
            </Button>
          </Group>
        )}
      </Stack>
    </Input.Wrapper>
  );
}
