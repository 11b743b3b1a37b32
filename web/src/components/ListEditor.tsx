import { ActionIcon, Button, Input, Stack, TextInput, Tooltip } from "@mantine/core";
import { IconPlus, IconX } from "@tabler/icons-react";
import { type KeyboardEvent, useId, useState } from "react";
import { useListKeys } from "../lib/use-list-keys.ts";

/**
 * An editable list of short texts (commitments, components, evidence…): each entry can be edited or removed;
 * type a new one and press Enter or "Add". Works with the keyboard alone.
 */
export function ListEditor({
  label,
  description,
  value,
  onChange,
  placeholder,
  addLabel = "Add",
  max = 50,
  disabled,
}: {
  label: string;
  description?: string;
  value: string[];
  onChange: (next: string[]) => void;
  placeholder?: string;
  addLabel?: string;
  max?: number;
  disabled?: boolean;
}) {
  const [draft, setDraft] = useState("");
  const id = useId();
  const { keys, removed } = useListKeys(value.length);
  const remove = (i: number) => {
    removed(i);
    onChange(value.filter((_, j) => j !== i));
  };
  const add = () => {
    const v = draft.trim();
    if (!v || value.length >= max) return;
    onChange([...value, v]);
    setDraft("");
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    }
  };
  return (
    <Input.Wrapper label={label} description={description} id={`${id}-new`}>
      <Stack gap={6} mt={description ? 6 : 4}>
        {value.map((item, i) => (
          <TextInput
            key={keys[i]}
            aria-label={`${label} ${i + 1}`}
            value={item}
            disabled={disabled}
            onChange={(e) => onChange(value.map((v, j) => (j === i ? e.currentTarget.value : v)))}
            onBlur={() => !item.trim() && remove(i)}
            rightSection={
              !disabled && (
                <Tooltip label="Remove">
                  <ActionIcon variant="subtle" color="gray" aria-label={`Remove “${item}”`} onClick={() => remove(i)}>
                    <IconX size={14} />
                  </ActionIcon>
                </Tooltip>
              )
            }
          />
        ))}
        {!disabled && value.length < max && (
          <TextInput
            id={`${id}-new`}
            placeholder={placeholder}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={onKey}
            aria-label={`New ${label.toLowerCase()} entry`}
            rightSectionWidth={76}
            rightSection={
              <Button
                size="compact-xs"
                variant={draft.trim() ? "light" : "subtle"}
                leftSection={<IconPlus size={12} />}
                onClick={add}
                disabled={!draft.trim()}
              >
                {addLabel}
              </Button>
            }
          />
        )}
      </Stack>
    </Input.Wrapper>
  );
}
