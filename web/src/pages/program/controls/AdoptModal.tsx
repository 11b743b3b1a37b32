import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconCircleCheck, IconSearch } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { useProgram } from "../../../program/context.tsx";
import { inProgram, useAllControls, useCriteria, useLibrary } from "../../../program/queries.ts";

/**
 * Library controls the program does not have yet, by domain. Those relevant to the program's categories come
 * pre-selected; "Adopt" copies them into the program (not started, unassigned).
 */
export function AdoptModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const program = useProgram();
  const library = useLibrary(opened);
  const criteria = useCriteria();
  const existing = useAllControls(program.id, opened);
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const [q, setQ] = useState("");

  const inScope = new Set(["security", ...program.categories]);
  const categoryOf = new Map(criteria.data?.criteria.map((c) => [c.id, c.category]));
  const have = new Set(existing.data?.items.map((c) => c.libraryId));
  const missing = (library.data?.controls ?? []).filter((c) => !have.has(c.id));
  const relevant = missing.filter((c) => c.criteria.some((id) => inScope.has(categoryOf.get(id) ?? "")));
  const selected = picked ?? new Set(relevant.map((c) => c.id));
  const needle = q.trim().toLowerCase();
  const shown = missing.filter((c) => !needle || `${c.id} ${c.name} ${c.description}`.toLowerCase().includes(needle));

  const adopt = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/programs/{programId}/adopt", { ...inProgram(program.id), body: { controls: [...selected] } }),
    onSuccess: (r) => {
      notifySuccess(
        r.added.length
          ? `${r.added.length} controls adopted. Assign owners and set their status next.`
          : "Nothing new to adopt.",
        "Library controls adopted",
      );
      setPicked(null);
      onClose();
    },
  });
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };
  const loading = library.isPending || existing.isPending || criteria.isPending;

  return (
    <Modal opened={opened} onClose={onClose} title="Adopt library controls" size="xl">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Controls written for SOC 2, each mapped to the criteria it addresses, with evidence and guidance. The ones
          relevant to your categories are selected.
        </Text>
        <ErrorAlert error={library.error ?? existing.error ?? adopt.error} />
        {loading ? (
          <Skeleton h={300} />
        ) : missing.length === 0 ? (
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
            The program already has every library control.
          </Alert>
        ) : (
          <>
            <Group justify="space-between">
              <TextInput
                aria-label="Search the library"
                placeholder="Search the library"
                leftSection={<IconSearch size={16} />}
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                w={280}
              />
              <Group gap="xs">
                <Button variant="subtle" size="xs" onClick={() => setPicked(new Set(relevant.map((c) => c.id)))}>
                  Select relevant ({relevant.length})
                </Button>
                <Button variant="subtle" size="xs" onClick={() => setPicked(new Set())}>
                  Select none
                </Button>
              </Group>
            </Group>
            <ScrollArea.Autosize mah={420}>
              <Stack gap={6}>
                {(library.data?.domains ?? []).map((d) => {
                  const rows = shown.filter((c) => c.domain === d.domain);
                  if (rows.length === 0) return null;
                  return (
                    <Stack key={d.domain} gap={6}>
                      <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt="xs">
                        {d.name}
                      </Text>
                      {rows.map((c) => (
                        <Checkbox
                          key={c.id}
                          checked={selected.has(c.id)}
                          onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                          label={
                            <Group gap={6}>
                              <Text span size="sm" className="assay-mono" fw={600}>
                                {c.id}
                              </Text>
                              <Text span size="sm">
                                {c.name}
                              </Text>
                              {!relevant.includes(c) && (
                                <Badge size="xs" variant="light" color="gray">
                                  Other category
                                </Badge>
                              )}
                            </Group>
                          }
                          description={c.description}
                        />
                      ))}
                    </Stack>
                  );
                })}
              </Stack>
            </ScrollArea.Autosize>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => adopt.mutate()} loading={adopt.isPending} disabled={selected.size === 0}>
            Adopt {selected.size} control{selected.size === 1 ? "" : "s"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
