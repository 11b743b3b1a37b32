import { Badge, Button, Checkbox, Group, Modal, ScrollArea, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { riskKeys, TREATMENT_LABELS, TYPE_LABELS } from "./labels.ts";

/** The starter library: pick several common risks and add them with their suggested ratings and treatment. */
export function LibraryModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const library = useQuery({
    queryKey: riskKeys.library,
    queryFn: () => api.GET("/api/v1/risks/library"),
    enabled: opened,
  });
  const add = useMutation({
    mutationFn: () => api.POST("/api/v1/risks/library", { body: { ids: chosen } }),
    onSuccess: (r) => {
      notifySuccess(
        `${r.created.length} ${r.created.length === 1 ? "risk" : "risks"} added${r.skipped.length ? `, ${r.skipped.length} already in the register` : ""}.`,
      );
      close();
    },
  });
  const close = () => {
    setChosen([]);
    add.reset();
    onClose();
  };
  const items = library.data?.items ?? [];
  return (
    <Modal opened={opened} onClose={close} title="Add risks from the library" size="xl">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Common risks with a suggested type, rating, treatment and the controls that usually reduce them. Adjust each
          one once it is in your register.
        </Text>
        <ErrorAlert error={library.error ?? add.error} />
        <ScrollArea.Autosize mah="55vh">
          <Checkbox.Group
            value={chosen}
            onChange={setChosen}
            label="Library risks"
            labelProps={{ className: "sr-only" }}
          >
            <Stack gap="xs">
              {items.map((r) => (
                <Checkbox
                  key={r.id}
                  value={r.id}
                  disabled={r.inRegister}
                  label={
                    <Group gap="xs" wrap="wrap">
                      <Text size="sm" fw={500}>
                        {r.title}
                      </Text>
                      <Badge size="xs" variant="light" color={r.type === "fraud" ? "grape" : "gray"}>
                        {TYPE_LABELS[r.type]}
                      </Badge>
                      {r.inRegister && (
                        <Badge size="xs" variant="outline" color="teal">
                          In the register
                        </Badge>
                      )}
                    </Group>
                  }
                  description={`${r.description} Likelihood ${r.likelihood}, impact ${r.impact}; ${TREATMENT_LABELS[r.treatment].toLowerCase()}; controls ${r.controls.join(", ")}.`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        </ScrollArea.Autosize>
        <Group justify="space-between">
          <Text size="sm">{chosen.length} chosen</Text>
          <Group gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button disabled={!chosen.length} loading={add.isPending} onClick={() => add.mutate()}>
              Add {chosen.length || ""} {chosen.length === 1 ? "risk" : "risks"}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
